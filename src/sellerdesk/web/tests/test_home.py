import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sellerdesk.channels.models import Marketplace
from sellerdesk.core import clock
from sellerdesk.inventory.tests.factories import LocationFactory, StockLevelFactory
from sellerdesk.orders.models import OrderFeedCursor, OrderStatus
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory

pytestmark = pytest.mark.django_db
HOME = reverse("web:home")


# One instant per test, never the wall clock read twice: "today" must not change mid-test.
SELLER_ZONE = "America/New_York"
NOW = dt.datetime(2026, 3, 10, 16, 0, tzinfo=dt.UTC)  # noon in New York (EDT, UTC-4)
TODAY = dt.datetime(2026, 3, 10, 4, 0, tzinfo=dt.UTC)  # midnight in New York, as UTC


def today_at(hour: int) -> dt.datetime:
    return TODAY + dt.timedelta(hours=hour)


@pytest.fixture
def new_york(settings) -> None:
    settings.SELLERDESK_TIME_ZONE = SELLER_ZONE


def test_home_counts_new_orders_since_the_last_visit(signed_in, seller):
    OrderFeedCursor.objects.create(user=seller, seen_until=clock.now() - dt.timedelta(hours=1))
    OrderFactory(external_id="seen-before", received_at=clock.now() - dt.timedelta(hours=2))
    OrderFactory(external_id="arrived-since", received_at=clock.now() - dt.timedelta(minutes=10))

    response = signed_in.get(HOME)

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 new order since your last visit" in page
    assert "arrived-since" in page
    assert "seen-before" not in page


def test_a_first_visit_shows_the_last_24_hours(signed_in):
    OrderFactory.create_batch(2, received_at=clock.now() - dt.timedelta(hours=3))

    response = signed_in.get(HOME)

    assert "2 new orders in the last 24 hours" in response.content.decode()


def test_marking_orders_as_seen_clears_them_from_home(signed_in, seller):
    OrderFactory(external_id="old-news", received_at=clock.now() - dt.timedelta(minutes=10))
    shown_at = clock.now()

    response = signed_in.post(reverse("web:mark_orders_seen"), {"until": shown_at.isoformat()})

    assert response.status_code == 302
    assert response["Location"] == HOME
    assert OrderFeedCursor.objects.get(user=seller).seen_until == shown_at
    assert "0 new orders since your last visit" in signed_in.get(HOME).content.decode()


def test_marking_as_seen_never_reaches_past_now(signed_in, seller):
    future = clock.now() + dt.timedelta(days=30)

    signed_in.post(reverse("web:mark_orders_seen"), {"until": future.isoformat()})

    assert OrderFeedCursor.objects.get(user=seller).seen_until <= clock.now()


def test_marking_as_seen_with_a_garbled_time_changes_nothing(signed_in, seller):
    response = signed_in.post(reverse("web:mark_orders_seen"), {"until": "yesterday-ish"})

    assert response.status_code == 302
    assert not OrderFeedCursor.objects.filter(user=seller).exists()


def test_marking_as_seen_refuses_get(signed_in):
    assert signed_in.get(reverse("web:mark_orders_seen")).status_code == 405


@pytest.mark.usefixtures("new_york")
def test_home_shows_what_must_ship_today_with_overdue_orders_marked(signed_in):
    with clock.pinned(NOW):
        # 23:00 in New York is tomorrow in UTC: still today's to ship.
        OrderFactory(external_id="due-tonight", latest_ship_at=today_at(23))
        OrderFactory(external_id="late-this-morning", latest_ship_at=today_at(9))
        OrderFactory(external_id="late-for-days", latest_ship_at=today_at(-72))
        OrderFactory(external_id="due-tomorrow", latest_ship_at=today_at(25))
        OrderFactory(external_id="shipped", status=OrderStatus.SHIPPED, latest_ship_at=today_at(12))

        response = signed_in.get(HOME)

    ship = response.context["summary"].ship_today
    assert [entry.order.external_id for entry in ship.due] == [
        "late-for-days",
        "late-this-morning",
        "due-tonight",
    ]
    assert (ship.due_count, ship.overdue_count) == (1, 2)
    page = response.content.decode()
    assert "2 overdue" in page
    assert page.count('class="is-overdue"') == 2


def test_home_lists_low_stock_skus_with_a_link_to_each(signed_in):
    shelf = LocationFactory()
    StockLevelFactory(sku__code="RING-LOW", sku__low_stock_threshold=3, location=shelf, on_hand=2)
    StockLevelFactory(sku__code="RING-OK", sku__low_stock_threshold=3, location=shelf, on_hand=9)

    response = signed_in.get(HOME)

    page = response.content.decode()
    assert response.context["summary"].low_stock_count == 1
    assert reverse("web:sku_detail", args=["RING-LOW"]) in page
    assert "RING-OK" not in page


@pytest.mark.usefixtures("new_york")
def test_home_does_not_query_per_order(signed_in):
    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert signed_in.get(HOME).status_code == 200
        return len(context)

    with clock.pinned(NOW):
        BuyerDetailsFactory(order__latest_ship_at=today_at(20))
        few = queries()
        for _ in range(5):
            BuyerDetailsFactory(order__latest_ship_at=today_at(20))

        assert queries() == few


def test_home_warns_of_a_late_shipment_rate_if_todays_orders_miss_their_ship_by(signed_in):
    Marketplace.objects.filter(channel__code="amazon", code="US").update(is_active=True)
    with clock.pinned(NOW):
        bought = NOW - dt.timedelta(days=2)
        for hour in range(10):
            OrderFactory(
                purchased_at=bought, latest_ship_at=today_at(18) + dt.timedelta(minutes=hour)
            )
        home_page = signed_in.get(HOME).content.decode()
        panel = signed_in.get(reverse("web:home_early_warnings")).content.decode()
    # Home asks for the panel once it has loaded: its own request, so home never waits.
    assert f'hx-get="{reverse("web:home_early_warnings")}"' in home_page
    assert "US, Seller (FBM): Late Shipment Rate, 10 days" in panel
    assert "100.00%" in panel  # every one of the 10 would be late
    assert "if the 10 orders due by tonight miss their ship-by" in panel
    assert "1 more late order would fail it" in panel
    assert reverse("web:performance") in panel
