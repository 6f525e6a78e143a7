"""The Inventory sheet's changes: unit costs, names, stock counts, new products, and the SKUs
no longer in it."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from sellerdesk.catalog.models import Assembly, Sku
from sellerdesk.catalog.services import ASIN_FORM

from . import cells
from .models import WorkbookExport
from .plan import Change, Plan
from .reading import Row, Table
from .selectors import shelf_stock

CENTS = Decimal("0.0001")
SANE_JUMP = 5
"""A cost more than five times higher or lower than before is worth a second look."""


def plan_inventory(table: Table, snapshot: WorkbookExport | None, plan: Plan) -> None:
    # The whole catalogue once: what each SKU typed is, and the usual cost currency.
    catalogue = list(Sku.objects.order_by("code"))
    stocked = {sku.code: sku for sku in catalogue
               if sku.is_active and sku.assembly == Assembly.STOCKED}  # fmt: skip
    others = {sku.code: sku.assembly for sku in catalogue
              if sku.is_active and sku.assembly != Assembly.STOCKED}  # fmt: skip
    retired = {sku.code for sku in catalogue if not sku.is_active}
    folded = {sku.code.casefold(): sku.code for sku in catalogue}
    shelves = shelf_stock([sku.pk for sku in stocked.values()])
    before: dict[str, dict[str, Any]] = snapshot.skus if snapshot is not None else {}
    applied: dict[str, dict[str, Any]] = (
        snapshot.applied.get("skus", {}) if snapshot is not None else {}
    )
    seen: dict[str, int] = {}
    currencies = Counter(sku.cost_currency for sku in catalogue)
    currency = min(currencies, key=lambda code: (-currencies[code], code), default="USD")
    for row in table.rows:
        try:
            code = cells.text(row, "sku")
            if not code:
                raise cells.CellError(table, row, "sku", "the SKU", "")
            if code in seen:
                raise cells.CellError(
                    table, row, "sku", f"a SKU not already on row {seen[code]}", code
                )
            seen[code] = row.number
            if code in stocked:
                shelf = shelves.get(stocked[code].pk, (0, 0))
                baselines = [found for found in (before.get(code), applied.get(code)) if found]
                _changed(table, row, code, stocked[code], shelf, baselines, plan)
            elif code in retired:
                raise cells.CellError(
                    table, row, "sku", f"a SKU in use ({code} was retired: make it active "
                    "again on its page, or give the new product another SKU)", code,
                )  # fmt: skip
            elif code in others:
                kind = "kit" if others[code] == Assembly.KIT else "made-to-order piece"
                raise cells.CellError(
                    table, row, "sku", f"a stocked SKU ({code} is a {kind}: what it offers "
                    "follows from its parts)", code,
                )  # fmt: skip
            elif code.casefold() in folded:
                raise cells.CellError(
                    table, row, "sku", f"the SKU as sellerdesk spells it ({folded[code.casefold()]}"
                    "), or a new product's own", code,
                )  # fmt: skip
            else:
                _new(table, row, code, currency, plan)
        except cells.CellError as error:
            plan.error(str(error))
    # Only a row the workbook had and the seller deleted is a SKU to retire: not one added
    # since the export, nor the rest of the catalogue beside a sheet of the seller's own.
    for code in before:
        sku = stocked.get(code)
        if sku is not None and code not in seen:
            on_hand = shelves.get(sku.pk, (0, 0))[0]
            plan.missing.append(
                Change(
                    table.sheet,
                    0,
                    "sku",
                    f"SKU {code}",
                    "retire",
                    f"not in the workbook: retire {code} ({sku.title})"
                    + (f", {on_hand} still on your shelves" if on_hand else ""),
                    {"sku": sku.pk},
                )
            )


def _changed(
    table: Table,
    row: Row,
    code: str,
    sku: Sku,
    shelf_units: tuple[int, int],
    baselines: list[dict[str, Any]],
    plan: Plan,
) -> None:
    """`shelf_units`: the SKU's units on the seller's own shelves, (on hand, held). `baselines`: what the
    workbook said when exported and what applying it since set; a cell saying either is
    untouched (a copy of the workbook read again undoes nothing)."""
    subject = f"SKU {code}"
    on_hand, held = shelf_units
    shelf = on_hand - held

    def untouched(key: str, value: Any, now: Any, read: Any = lambda found: found) -> bool:
        said = [read(baseline[key]) for baseline in baselines if key in baseline]
        return value in said if said else value == now

    if cells.present(row, "product"):
        title = cells.text(row, "product")
        if title and not untouched("product", title, sku.title) and title != sku.title:
            plan.changes.append(Change(table.sheet, row.number, "product", subject, "title",
                                       f"name {sku.title!r} → {title!r}",
                                       {"sku": sku.pk, "code": code, "title": title}))  # fmt: skip
    cost = cells.amount(table, row, "unit_cost") if cells.present(row, "unit_cost") else None
    named = cells.currency_named(table, row, "unit_cost")
    if named is not None and named != sku.cost_currency:
        raise cells.CellError(table, row, "unit_cost", f"an amount in {sku.cost_currency}, "
                              f"{code}'s cost currency", row.cells["unit_cost"])  # fmt: skip
    if (
        cost is not None
        and cost != sku.unit_cost
        and not untouched(
            "unit_cost", cost, sku.unit_cost, lambda found: Decimal(str(found)).quantize(CENTS)
        )
    ):
        if sku.unit_cost and not sku.unit_cost / SANE_JUMP <= cost <= sku.unit_cost * SANE_JUMP:
            plan.notices.append(
                f"{table.sheet}, row {row.number}: {code}'s unit cost goes from "
                f"{sku.unit_cost:.2f} to {cost:.2f}: check it is not a slip of the keyboard."
            )
        plan.changes.append(Change(table.sheet, row.number, "unit_cost", subject, "unit_cost",
                                   f"unit cost {sku.unit_cost:.2f} → {cost:.2f} "
                                   f"{sku.cost_currency} (units on hand keep what they cost)",
                                   {"sku": sku.pk, "code": code, "unit_cost": str(cost)}))  # fmt: skip
    available = cells.whole(table, row, "available") if cells.present(row, "available") else None
    if (
        available is not None
        and available != shelf
        and not untouched("available", available, shelf)
    ):
        plan.changes.append(Change(table.sheet, row.number, "available", subject, "count",
                                   f"available on your shelves {shelf} → {available} (on hand "
                                   f"{on_hand} → {on_hand + available - shelf}, {held} held for "
                                   "orders)",
                                   {"sku": sku.pk, "code": code, "available": available}))  # fmt: skip
    currency = cells.text(row, "cost_currency").upper()
    if currency and currency != sku.cost_currency:
        plan.notices.append(
            f"{table.sheet}, row {row.number}: {code}'s cost currency stays {sku.cost_currency} "
            f"(not {currency}): its stock is costed in it."
        )


def _new(table: Table, row: Row, code: str, currency: str, plan: Plan) -> None:
    title = cells.text(row, "product")
    if not title:
        raise cells.CellError(table, row, "product", f"a name for the new product {code}", "")
    cost = cells.amount(table, row, "unit_cost") or Decimal(0)
    available = cells.whole(table, row, "available") or 0
    chosen = cells.text(row, "cost_currency").upper() or currency
    if len(chosen) != 3 or not chosen.isalpha():
        raise cells.CellError(table, row, "cost_currency", "a currency code such as USD", chosen)
    asin = cells.text(row, "product_id").upper()
    if asin and not ASIN_FORM.fullmatch(asin):
        raise cells.CellError(
            table, row, "product_id", "an ASIN of 10 letters and digits, or nothing", asin
        )
    plan.changes.append(
        Change(
            table.sheet,
            row.number,
            "sku",
            f"SKU {code}",
            "new",
            f"new product {title!r}, unit cost {cost:.2f} {chosen}, {available} on the shelf",
            {
                "code": code,
                "title": title,
                "unit_cost": str(cost),
                "currency": chosen,
                "asin": asin,
                "available": available,
            },
        )
    )
