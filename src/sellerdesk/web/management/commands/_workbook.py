"""`sellerdesk import FILE.xlsx`: the workbook's changes listed, then applied when the seller
says so."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.workbook.applying import apply_upload
from sellerdesk.workbook.plan import Plan
from sellerdesk.workbook.preview import preview_workbook
from sellerdesk.workbook.uploads import keep_upload


def read_back_workbook(command: BaseCommand, path: Path, options: dict[str, Any]) -> None:
    content = path.read_bytes()
    try:
        plan = preview_workbook(content, path.name)
    except DomainError as error:
        raise CommandError(error.message) from error
    out = command.stdout
    _show(plan, out.write)
    if plan.errors:
        raise CommandError(f"{len(plan.errors)} cell(s) to fix in {path.name}; nothing applied.")
    retire = options["retire_missing"]
    if not plan.changes and not (retire and plan.missing):
        out.write("Nothing to apply.")
        return
    if options["dry_run"]:
        out.write("Dry run: nothing applied.")
        return
    if not options["yes"]:
        if not sys.stdin.isatty():
            raise CommandError("Add --yes to apply these changes (no terminal to ask on).")
        if input("Apply these changes? [y/N] ").strip().lower() not in ("y", "yes"):
            out.write("Nothing applied.")
            return
    try:
        # Kept like an upload (listed on the Imports page), and read again: the changes
        # applied must still be those just listed.
        upload = keep_upload(name=path.name, content=content, by="import")
        applied = apply_upload(
            upload.pk, digest=plan.digest, actor=Actor(name="import"), retire_missing=retire
        )
    except DomainError as error:
        raise CommandError(f"Nothing applied. {error.message}") from error
    out.write(f"Applied {applied.changes} change(s); {applied.retired} SKU(s) retired.")


def _show(plan: Plan, write: Any) -> None:
    for error in plan.errors:
        write(f"error: {error}")
    write(f"{len(plan.changes)} change(s) in {plan.name}" + (":" if plan.changes else "."))
    for change in plan.changes:
        write(f"  {change.sheet}, row {change.row}: {change.subject}: {change.description}")
    if plan.missing:
        write(f"{len(plan.missing)} SKU(s) not in the workbook (kept unless --retire-missing):")
        for change in plan.missing:
            write(f"  {change.description}")
    for notice in plan.notices:
        write(f"note: {notice}")
