"""The preview of an uploaded workbook: every change it would make, every cell it refuses."""

from __future__ import annotations

import uuid

from .layout import INVENTORY_COLUMNS, ORDER_COLUMNS
from .models import WorkbookExport
from .plan import Plan
from .plan_inventory import plan_inventory
from .plan_orders import plan_orders
from .reading import ReadBook, read_workbook


def preview_workbook(content: bytes, name: str) -> Plan:
    """What the workbook would change; DomainError when it cannot be read at all."""
    return plan_workbook(read_workbook(content, name))


def plan_workbook(book: ReadBook) -> Plan:
    plan = Plan(book.name)
    for table in (book.inventory, book.orders):
        if table is not None:
            for key, column in table.columns.items():
                plan.columns[table.sheet, key] = column
    snapshot = _snapshot(book.token, plan)
    plan.export_id = snapshot.pk if snapshot is not None else None
    if book.inventory is not None:
        plan_inventory(book.inventory, snapshot, plan)
    if book.orders is not None:
        plan_orders(book.orders, snapshot, plan)
    for table, columns in ((book.inventory, INVENTORY_COLUMNS), (book.orders, ORDER_COLUMNS)):
        if table is not None:
            kept = [column.header for column in columns
                    if column.key in table.columns and not column.read_back]  # fmt: skip
            if kept:
                plan.notices.append(f"{table.sheet}: {', '.join(kept)} are sellerdesk's own "
                                    "figures and are not read back.")  # fmt: skip
    return plan


def _snapshot(token: str, plan: Plan) -> WorkbookExport | None:
    if not token:
        plan.notices.append(
            "Not a workbook sellerdesk exported (no Workbook ID on an About sheet): each cell "
            "is compared with what sellerdesk has now."
        )
        return None
    found = WorkbookExport.objects.filter(token=token).first() if _uuid(token) else None
    if found is None:
        plan.notices.append(
            "This workbook's export is not known here (exported from another sellerdesk?): "
            "each cell is compared with what sellerdesk has now."
        )
    return found


def _uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
