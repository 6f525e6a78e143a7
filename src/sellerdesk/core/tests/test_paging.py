import pytest
from django.contrib.auth.models import Group

from sellerdesk.core.paging import capped_count, capped_page, page_number

pytestmark = pytest.mark.django_db


@pytest.fixture
def groups():
    Group.objects.bulk_create(Group(name=f"group {n:02d}") for n in range(12))
    return Group.objects.order_by("name")


def test_counts_stop_just_past_the_cap(groups):
    assert capped_count(groups, cap=20) == (12, False)
    assert capped_count(groups, cap=12) == (12, False)
    assert capped_count(groups, cap=5) == (5, True)


def test_a_page_holds_its_slice_in_the_querysets_order(groups):
    page = capped_page(groups, 2, per_page=5)

    assert [g.name for g in page.rows] == [f"group {n:02d}" for n in range(5, 10)]
    assert (page.has_previous, page.has_next, page.last_number) == (True, True, 3)
    assert (page.start_index, page.end_index, page.count_label) == (6, 10, "12")


def test_pages_past_the_end_show_the_last_page(groups):
    page = capped_page(groups, 99, per_page=5)

    assert page.number == 3
    assert [g.name for g in page.rows] == ["group 10", "group 11"]
    assert not page.has_next


def test_pages_stop_at_the_cap_and_say_there_are_more(groups):
    page = capped_page(groups, 3, per_page=4, cap=8)

    assert page.number == 2
    assert page.count_label == "8+"
    assert not page.has_next


@pytest.mark.parametrize(("raw", "expected"), [("3", 3), ("0", 1), ("-2", 1), ("x", 1), (None, 1)])
def test_unusable_page_numbers_mean_the_first_page(raw, expected):
    assert page_number(raw) == expected
