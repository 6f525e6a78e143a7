"""The stock count pages: start a count, enter it, see the variance, post it."""

import re

import pytest
from django.urls import reverse

from sellerdesk.inventory import services
from sellerdesk.inventory.models import StockCount, StockLevel, StockMovement

pytestmark = pytest.mark.django_db


def variances(page: str) -> dict[str, str]:
    rows = re.findall(r'<tr data-sku="([^"]+)".*?<td class="num variance">([^<]*)</td>', page, re.S)
    return dict(rows)


def test_a_count_from_start_to_posted(signed_in, make_sku, shelf, actor):
    ring, chain = make_sku("RING-7"), make_sku("CHAIN-45")
    for sku in (ring, chain):
        services.receive_stock(sku=sku, location=shelf, quantity=5, reason="r", actor=actor)

    response = signed_in.post(reverse("web:stock_counts"), {"location": shelf.pk})
    count = StockCount.objects.get()
    url = reverse("web:stock_count", args=[count.pk])
    assert response["Location"] == url

    signed_in.post(
        url, {f"counted_{ring.pk}": "3", f"note_{ring.pk}": "2 bent", f"counted_{chain.pk}": "5"}
    )
    page = signed_in.get(url).content.decode()
    assert variances(page) == {"CHAIN-45": "0", "RING-7": "-2"}

    posted = signed_in.post(
        reverse("web:stock_count_post", args=[count.pk]), {"reason": "year end"}, follow=True
    )
    assert "Posted: 1 adjustment." in posted.content.decode()
    assert StockLevel.objects.get(sku=ring, location=shelf).on_hand == 3
    movement = StockMovement.objects.get(reference=count.reference)
    assert movement.reason == "stock count: year end (2 bent)"
    listed = signed_in.get(reverse("web:stock_counts")).content.decode()
    assert "year end" in listed


def test_a_count_that_is_not_a_number_is_named_and_nothing_saved(signed_in, make_sku, shelf, actor):
    ring = make_sku("RING-7")
    services.receive_stock(sku=ring, location=shelf, quantity=5, reason="r", actor=actor)
    count = services.start_stock_count(location=shelf, actor=actor)
    url = reverse("web:stock_count", args=[count.pk])
    response = signed_in.post(url, {f"counted_{ring.pk}": "five"}, follow=True)
    assert (
        "RING-7: enter the count as a whole number, not &#x27;five&#x27;."
        in response.content.decode()
    )
    assert count.lines.get().counted is None


def test_a_sku_found_on_the_shelf_is_added_by_its_code(signed_in, make_sku, shelf, actor):
    make_sku("BOX-1")
    count = services.start_stock_count(location=shelf, actor=actor)
    add = reverse("web:stock_count_add", args=[count.pk])
    signed_in.post(add, {"sku": "BOX-1"})
    missing = signed_in.post(add, {"sku": "NOPE"}, follow=True)
    assert "No SKU &#x27;NOPE&#x27;" in missing.content.decode()
    assert [line.sku.code for line in count.lines.all()] == ["BOX-1"]
