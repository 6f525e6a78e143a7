import datetime as dt

import pytest

from sellerdesk.catalog.tests.factories import SkuFactory
from sellerdesk.core.paging import capped_page
from sellerdesk.inventory.selectors import (
    StockFilters,
    low_stock_sku_list,
    sku_movement_list,
    sku_stock_summary,
    stock_level_list,
)

from .factories import (
    FbaLocationFactory,
    LocationFactory,
    StockLevelFactory,
    StockMovementFactory,
)

pytestmark = pytest.mark.django_db


def rows(filters: StockFilters) -> list[tuple[str, str, int, bool]]:
    return [
        (level.sku.code, level.location.code, level.available, level.is_low)
        for level in stock_level_list(filters)
    ]


@pytest.fixture
def shelves():
    return LocationFactory(code="A", pick_order=1), LocationFactory(code="B", pick_order=2)


def test_a_location_shows_its_free_units_and_the_sku_is_judged_less_its_safety_stock(shelves):
    a, b = shelves
    plenty = SkuFactory(code="PLENTY", safety_stock=1, low_stock_threshold=2)
    StockLevelFactory(sku=plenty, location=a, on_hand=10, reserved=3)
    StockLevelFactory(sku=plenty, location=b, on_hand=1, reserved=0)
    StockLevelFactory(sku__code="TIGHT", sku__safety_stock=5, location=a, on_hand=4, reserved=1)

    assert rows(StockFilters()) == [
        ("PLENTY", "A", 7, False),
        ("PLENTY", "B", 1, False),
        ("TIGHT", "A", 3, True),
    ]
    # Safety stock is held back once for the SKU, not once per location.
    assert [level.sku_available for level in stock_level_list(StockFilters())] == [7, 7, 0]


def test_an_inactive_shelf_does_not_count_towards_available_stock(shelves):
    a, b = shelves
    b.is_active = False
    b.save()
    sku = SkuFactory(code="STORED", low_stock_threshold=2)
    StockLevelFactory(sku=sku, location=a, on_hand=1)
    StockLevelFactory(sku=sku, location=b, on_hand=30)

    assert [s.code for s in low_stock_sku_list()] == ["STORED"]
    assert sku_stock_summary(sku).available == 1


def test_low_stock_is_judged_per_sku_over_its_shelves_not_fba(shelves):
    a, b = shelves
    fba = FbaLocationFactory()
    # 2 + 2 free on the shelves is above the threshold of 3, though each shelf alone is not.
    split = SkuFactory(code="SPLIT", low_stock_threshold=3)
    StockLevelFactory(sku=split, location=a, on_hand=2)
    StockLevelFactory(sku=split, location=b, on_hand=2)
    # Plenty at Amazon does not help an order the seller ships.
    fba_only = SkuFactory(code="FBA-ONLY", low_stock_threshold=3)
    StockLevelFactory(sku=fba_only, location=a, on_hand=1)
    StockLevelFactory(sku=fba_only, location=fba, on_hand=50)

    assert rows(StockFilters(low_only=True)) == [
        ("FBA-ONLY", "A", 1, True),
        ("FBA-ONLY", "FBA-NA", 50, True),
    ]
    assert [sku.code for sku in low_stock_sku_list()] == ["FBA-ONLY"]


def test_low_stock_list_skips_inactive_skus_and_includes_skus_with_no_stock(shelves):
    a, _ = shelves
    SkuFactory(code="NEVER-STOCKED")
    StockLevelFactory(sku__code="RETIRED", sku__is_active=False, location=a, on_hand=0)
    StockLevelFactory(sku__code="FINE", location=a, on_hand=9)

    low = list(low_stock_sku_list())

    assert [(sku.code, sku.available) for sku in low] == [("NEVER-STOCKED", 0)]


def test_stock_filters_by_location_and_sku_code_or_title(shelves):
    a, b = shelves
    StockLevelFactory(sku__code="RING-1", sku__title="Silver ring", location=a)
    StockLevelFactory(sku__code="RING-1", location=b)
    StockLevelFactory(sku__code="CHAIN-1", sku__title="Chain for the ring", location=b)

    assert [r[:2] for r in rows(StockFilters(location="B"))] == [("CHAIN-1", "B"), ("RING-1", "B")]
    assert [r[:2] for r in rows(StockFilters(q="ring-"))] == [("RING-1", "A"), ("RING-1", "B")]
    assert [r[:2] for r in rows(StockFilters(q="for the"))] == [("CHAIN-1", "B")]


def test_a_stock_page_takes_the_same_queries_however_many_levels(
    django_assert_num_queries, shelves
):
    a, b = shelves
    for location in (a, b):
        StockLevelFactory.create_batch(3, location=location)

    with django_assert_num_queries(3):
        page = capped_page(stock_level_list(StockFilters()), 1)
        [(level.sku.code, level.location.name, level.is_low) for level in page.rows]

    assert len(page.rows) == 6


def test_sku_summary_totals_shelves_and_fba_apart():
    sku = SkuFactory(safety_stock=2, low_stock_threshold=5)
    StockLevelFactory(sku=sku, location=LocationFactory(code="A"), on_hand=6, reserved=1)
    StockLevelFactory(sku=sku, location=LocationFactory(code="B"), on_hand=3, reserved=0)
    StockLevelFactory(sku=sku, location=FbaLocationFactory(), on_hand=40, reserved=4)

    summary = sku_stock_summary(sku)

    assert [level.location.code for level in summary.levels] == ["A", "B", "FBA-NA"]
    assert (summary.shelf_on_hand, summary.shelf_reserved) == (9, 1)
    assert (summary.fba_on_hand, summary.fba_reserved) == (40, 4)
    assert summary.available == 6  # 9 - 1 - 2 safety
    assert not summary.is_low


def test_movements_are_the_skus_ledger_newest_first():
    sku = SkuFactory()
    at = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    StockMovementFactory(sku=sku, reason="first batch", created_at=at)
    StockMovementFactory(sku=sku, reason="second batch", created_at=at + dt.timedelta(days=1))
    StockMovementFactory(reason="another SKU", created_at=at + dt.timedelta(days=2))

    assert [m.reason for m in sku_movement_list(sku)] == ["second batch", "first batch"]
