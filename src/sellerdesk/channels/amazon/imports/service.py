"""The use case behind `sellerdesk import` and the Imports page.

A file is read once, streamed: its report type comes from its header, then its rows go to
the importer for that report inside one transaction. Any error rolls everything back and
the history entry says where the file is wrong; a dry run rolls back a complete import, so
its summary is exactly what a real import would do.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import zlib
from collections.abc import Callable
from typing import BinaryIO

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from sellerdesk.channels.csv_exports.service import import_channel_export, looks_like_csv
from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.metrics.rollups.refresh import refresh as refresh_rollups

from ..flatfile.errors import FlatFileError
from ..flatfile.reader import TabReader
from ..flatfile.reports import ReportKind, identify
from ..health_report import is_health_report
from ..models import ImportSource, ReportImport
from .feeds import import_feed_result
from .health import import_account_health
from .listings import import_listings
from .orders import import_orders
from .returns import import_returns

logger = logging.getLogger(__name__)
Progress = Callable[[int], None]
"""Called with the bytes read so far, now and then during an import."""

_GZIP_MAGIC = b"\x1f\x8b"
LARGE_FILE_BYTES = 20_000_000  # about 100,000 lines: order indexes are built once, at the end


def import_report(
    *,
    source: BinaryIO,
    name: str,
    actor: Actor,
    encoding: str | None = None,
    marketplace: str | None = None,
    dry_run: bool = False,
    origin: str = ImportSource.COMMAND,
    user: AbstractBaseUser | None = None,
    progress: Progress | None = None,
    queued: ReportImport | None = None,
) -> ReportImport:
    """Import one Amazon report file; the returned history entry says what happened.

    Never raises for a bad file: the entry's `error` names the file, line, column and the
    form expected, and nothing of the file is kept. `queued` is the entry made when the
    file was put in the queue (queue_import); the import fills it in.
    """
    size, digest = _measure(source)
    record = queued or ReportImport(
        file_name=name[:255],
        marketplace=(marketplace or "").upper(),
        source=origin,
        user_id=user.pk if user is not None else None,
        dry_run=dry_run,
        started_at=clock.now(),
    )
    record.file_size, record.sha256, record.is_queued = size, digest, False
    kept = record.pk is not None  # a queued entry outlives a rolled-back import
    try:
        with transaction.atomic():
            record.save()  # first: on SQLite this takes the write lock for the whole import
            _import(source, record, actor, encoding, progress)
            record.succeeded = True
            record.finished_at = clock.now()
            record.save()
            if dry_run:
                transaction.set_rollback(True)
    except FlatFileError as error:
        _failed(record, str(error), error.line, error.column)
    except DomainError as error:
        _failed(record, f"{name}: {error.message}", None, None)
    except (EOFError, OSError, zlib.error) as error:  # gzip.BadGzipFile is an OSError
        _failed(
            record,
            f"{name}: the file is damaged or cut short ({error}); download it again",
            None,
            None,
        )
    except Exception as error:  # never a half-import, never an entry left "importing"
        logger.exception("import of %s failed", name)
        _failed(
            record,
            f"{name}: sellerdesk could not import it ({type(error).__name__}: {error})",
            None,
            None,
        )
    if dry_run or not record.succeeded:
        if not kept:
            record.pk = None  # rolled back with the import; the history keeps it still
        record.save()
    else:
        _count_rollups(name)
    return record


def _count_rollups(name: str) -> None:
    """Recount the days the file changed now, while the seller waits for the import anyway,
    not in the next page she opens. The import stands if this fails: the page recounts."""
    try:
        refresh_rollups()
    except Exception:
        logger.exception("after importing %s, the daily rollups could not be recounted", name)


def queue_import(
    *,
    name: str,
    size: int,
    marketplace: str | None,
    dry_run: bool,
    user: AbstractBaseUser | None,
) -> ReportImport:
    """The history entry of an upload left to the job queue: its page shows the progress."""
    return ReportImport.objects.create(
        file_name=name[:255],
        file_size=size,
        marketplace=(marketplace or "").upper(),
        source=ImportSource.UPLOAD,
        user_id=user.pk if user is not None else None,
        dry_run=dry_run,
        is_queued=True,
        started_at=clock.now(),
    )


def _import(
    source: BinaryIO,
    record: ReportImport,
    actor: Actor,
    encoding: str | None,
    progress: Progress | None,
) -> None:
    packed = _is_gzip(source)

    def open_reader() -> TabReader:
        """A reader at the file's first line (again, for a second way of reading it)."""
        source.seek(0)
        stream: BinaryIO = gzip.GzipFile(fileobj=source) if packed else source  # type: ignore[assignment]
        return TabReader(stream, name=record.file_name, encoding=encoding or record.encoding)

    record.encoding = ""
    head = (gzip.GzipFile(fileobj=source) if packed else source).read(64)
    source.seek(0)
    if is_health_report(head):
        import_account_health(source, record, packed=packed)
        return
    if looks_like_csv(head):  # another channel's export: Etsy's or Shopify's
        if packed:
            raise DomainError("unpack the file first: a CSV export is read as it downloads")
        import_channel_export(source, record, actor)
        return
    reader = open_reader()
    record.encoding = reader.encoding
    kind = identify(reader.header, file=record.file_name)
    record.report = kind.name
    if record.marketplace:
        _check_marketplace(record.marketplace)
    if kind in (ReportKind.ALL_ORDERS, ReportKind.UNSHIPPED_ORDERS):
        size = _unpacked_size(source) if packed else record.file_size
        large = size >= LARGE_FILE_BYTES
        import_orders(reader, kind, record, actor, progress, large=large, reopen=open_reader)
        return
    if kind is ReportKind.LISTINGS:
        import_listings(reader, record)
        return
    if kind in (ReportKind.FBM_RETURNS, ReportKind.FBA_RETURNS):
        import_returns(reader, kind, record)
    else:
        import_feed_result(reader, record)
    record.rows = reader.rows_read


def _check_marketplace(code: str) -> None:
    known = list(Marketplace.objects.filter(channel__code="amazon").values_list("code", flat=True))
    if code not in known:
        raise DomainError(f"unknown marketplace {code!r}; use one of {', '.join(sorted(known))}")


def _failed(record: ReportImport, message: str, line: int | None, column: str | None) -> None:
    record.succeeded = False
    record.error = message
    record.error_line = line
    record.error_column = (column or "")[:100]
    record.created = record.updated = record.unchanged = record.skipped = 0
    record.skipped_reasons, record.short_of_stock = {}, []
    record.finished_at = clock.now()


def _is_gzip(source: BinaryIO) -> bool:
    start = source.read(2)
    source.seek(0)
    return start == _GZIP_MAGIC


def _unpacked_size(source: BinaryIO) -> int:
    """A gzip file's content size, from its trailer (modulo 4 GiB, plenty for a hint)."""
    position = source.tell()
    source.seek(-4, 2)
    size = int.from_bytes(source.read(4), "little")
    source.seek(position)
    return size


def _measure(source: BinaryIO) -> tuple[int, str]:
    """Size and SHA-256 of the file as given, so the history can say "imported before"."""
    digest = hashlib.sha256()
    size = 0
    while chunk := source.read(1024 * 1024):
        digest.update(chunk)
        size += len(chunk)
    source.seek(0)
    return size, digest.hexdigest()
