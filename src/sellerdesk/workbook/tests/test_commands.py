"""`sellerdesk export workbook` and `sellerdesk import FILE.xlsx`."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sellerdesk.catalog.models import Sku
from sellerdesk.planning.selectors.restock import restock_list

from .conftest import FIRST, LAST
from .editing import edit
from .libreoffice import converted

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_export_then_import_a_changed_cost(demo_shop, tmp_path):
    path = tmp_path / "shop.xlsx"
    said = run("export", "workbook", "-o", str(path), "--from", f"{FIRST}", "--to", f"{LAST}")
    assert said.startswith(f"Wrote {path}: ")
    assert f"from {FIRST} to {LAST}" in said
    sku = restock_list()[0].sku
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 6.1})

    dry = run("import", str(path), "--dry-run")
    assert f"Inventory, row 2: SKU {sku.code}: unit cost" in dry
    assert dry.rstrip().endswith("Dry run: nothing applied.")
    assert Sku.objects.get(pk=sku.pk).unit_cost == sku.unit_cost

    with pytest.raises(CommandError, match="Add --yes"):
        run("import", str(path))

    assert (
        run("import", str(path), "--yes")
        .rstrip()
        .endswith("Applied 1 change(s); 0 SKU(s) retired.")
    )
    assert Sku.objects.get(pk=sku.pk).unit_cost == Decimal("6.1")


def test_a_workbook_with_a_bad_cell_imports_nothing_and_says_where(demo_shop, tmp_path):
    path = tmp_path / "shop.xlsx"
    run("export", "workbook", "-o", str(path), "--from", f"{FIRST}", "--to", f"{LAST}")
    sku = restock_list()[0].sku
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": "cheap"})

    with pytest.raises(CommandError, match="1 cell"):
        run("import", str(path), "--yes")
    assert Sku.objects.get(pk=sku.pk).unit_cost == sku.unit_cost


def test_export_refuses_a_period_that_ends_before_it_starts(db, tmp_path):
    with pytest.raises(CommandError, match=r"--from 2026-02-01 is after the last day, 2026-01-01"):
        run("export", "workbook", "-o", str(tmp_path / "x.xlsx"), "--from", "2026-02-01",
            "--to", "2026-01-01")  # fmt: skip


def test_export_never_writes_over_a_workbook_unasked(demo_shop, tmp_path):
    path = tmp_path / "shop.xlsx"
    path.write_bytes(b"the seller's edits")

    with pytest.raises(CommandError, match=r"shop.xlsx exists: name another file with -o"):
        run("export", "workbook", "-o", str(path))
    assert path.read_bytes() == b"the seller's edits"
    with pytest.raises(CommandError, match=r"there is no folder"):
        run("export", "workbook", "-o", str(tmp_path / "nowhere" / "shop.xlsx"))

    run("export", "workbook", "-o", str(path), "--force", "--from", f"{FIRST}", "--to", f"{LAST}")
    assert path.read_bytes().startswith(b"PK")


def test_a_workbook_saved_by_libreoffice_as_ods_reads_back(demo_shop, tmp_path):
    path = tmp_path / "shop.xlsx"
    run("export", "workbook", "-o", str(path), "--from", f"{FIRST}", "--to", f"{LAST}")
    sku = restock_list()[0].sku
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 6.1})
    ods = converted(path, "ods", tmp_path)

    said = run("import", str(ods), "--yes")

    assert said.rstrip().endswith("Applied 1 change(s); 0 SKU(s) retired.")
    assert Sku.objects.get(pk=sku.pk).unit_cost == Decimal("6.1")
