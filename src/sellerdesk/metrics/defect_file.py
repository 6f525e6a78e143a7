"""Reading a file of feedback, A-to-z claims and chargebacks: columns found by their header
names (any case, tabs or commas), every value checked before anything is saved, each error
said with its file, line and column.

Two layouts: sellerdesk's own (order-id, what, date, and stars / claim-state / protected /
chargeback-kind / removed-date / comment as they apply), and a feedback download with
"Date", "Rating", "Order ID" and "Comments" columns, each line being feedback.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import IO

from sellerdesk.core.errors import DomainError

from .domain.counting import ChargebackKind, ClaimState

WHATS = ("feedback", "claim", "chargeback")
# ISO, Amazon's 30-Jun-2025, and the US month-first form Seller Central's US downloads use;
# never day-first as well, or 03/04/2025 would be read two ways.
DATE_FORMS = ("%Y-%m-%d", "%d-%b-%Y", "%m/%d/%Y", "%m/%d/%y")


class DefectFileError(DomainError):
    def __init__(self, message: str, *, file: str, line: int, column: str | None = None) -> None:
        where = f"{file}, line {line}" + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class DefectRow:
    line: int
    order_id: str
    what: str
    on: dt.datetime
    stars: int | None = None
    claim_state: str = ""
    protected: bool = False
    chargeback_kind: str = ""
    removed_on: dt.datetime | None = None
    comment: str = ""


def read_defect_file(stream: IO[bytes], name: str) -> list[DefectRow]:
    raw = stream.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DefectFileError(
            "not UTF-8 text: save it as UTF-8 (CSV UTF-8 in Excel)", file=name, line=line
        ) from None
    dialect = "excel-tab" if "\t" in text.split("\n", 1)[0] else "excel"
    reader = csv.reader(io.StringIO(text), dialect=dialect)
    header = [column.strip().lower().replace(" ", "-") for column in next(reader, [])]
    if "order-id" not in header or "date" not in header:
        raise DefectFileError(
            "the first line must name the columns: order-id, what, date (and stars, "
            "claim-state, protected, chargeback-kind as they apply), or a feedback download's "
            "Date, Rating and Order ID",
            file=name, line=1,
        )  # fmt: skip
    feedback_download = "what" not in header and "rating" in header
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {column: cell.strip() for column, cell in zip(header, cells, strict=False)}
        if feedback_download:
            values["what"], values["stars"] = "feedback", values.get("rating", "")
        rows.append(_row(values, number, name))
    return rows


def _row(values: dict[str, str], line: int, file: str) -> DefectRow:
    def fail(column: str, message: str) -> DefectFileError:
        return DefectFileError(message, file=file, line=line, column=column)

    order_id = values.get("order-id", "")
    if not order_id:
        raise fail("order-id", "the order id is empty")
    what = values.get("what", "").lower()
    if what not in WHATS:
        raise fail("what", f"{what!r} is not one of {', '.join(WHATS)}")
    on = _date(values.get("date", ""), lambda: fail("date", _DATE_HELP))
    removed = values.get("removed-date", "")
    row = DefectRow(
        line, order_id, what, on,
        removed_on=_date(removed, lambda: fail("removed-date", _DATE_HELP)) if removed else None,
        comment=values.get("comments", values.get("comment", "")),
    )  # fmt: skip
    if what == "feedback":
        stars = values.get("stars", "")
        if stars not in {"1", "2", "3", "4", "5"}:
            raise fail("stars", f"{stars!r} is not a rating: expected 1 to 5")
        return replace(row, stars=int(stars))
    if what == "claim":
        state = values.get("claim-state", "").lower() or ClaimState.PENDING.value
        if state not in {s.value for s in ClaimState}:
            states = ", ".join(s.value for s in ClaimState)
            raise fail("claim-state", f"{state!r} is not a claim state: expected one of {states}")
        protected = values.get("protected", "").lower() in {"yes", "true", "1"}
        return replace(row, claim_state=state, protected=protected)
    kind = values.get("chargeback-kind", "").lower() or ChargebackKind.SERVICE.value
    if kind not in {k.value for k in ChargebackKind}:
        raise fail("chargeback-kind", f"{kind!r} is not service or fraud")
    return replace(row, chargeback_kind=kind)


_DATE_HELP = "not a date: expected 2025-06-30 (or 30-Jun-2025, or 06/30/2025)"


def _date(text: str, error: Callable[[], DefectFileError]) -> dt.datetime:
    for form in DATE_FORMS:
        try:
            day = dt.datetime.strptime(text, form).replace(tzinfo=dt.UTC).date()
        except ValueError:
            continue
        # Midday UTC: a date without a time falls on the same day in every time zone.
        return dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
    raise error()
