import datetime as dt

import pytest
from django.urls import reverse

from sellerdesk.channels.models import Marketplace
from sellerdesk.fulfillment.models import Holiday, ShippingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def us(db) -> Marketplace:
    marketplace = Marketplace.objects.get(channel__code="amazon", code="US")
    marketplace.is_active = True
    marketplace.save(update_fields=["is_active"])
    return marketplace


def test_the_settings_page_shows_each_marketplaces_shipping_with_the_defaults(signed_in, us):
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert 'id="shipping-US"' in page
    assert 'name="US-handling_days" value="1"' in page
    assert 'value="14:00"' in page
    assert 'id="shipping-DE"' not in page  # not a marketplace the seller sells in


def test_saving_a_marketplaces_shipping_sets_handling_cutoff_and_holidays(signed_in, us):
    response = signed_in.post(
        reverse("web:shipping_settings", args=["US"]),
        {
            "US-handling_days": "0",
            "US-cutoff": "16:30",
            "US-holidays": "2025-07-04 Independence Day\n\n2025-12-25",
        },
        follow=True,
    )
    assert "Shipping in" in response.content.decode()
    chosen = ShippingSettings.objects.get(marketplace=us)
    assert (chosen.handling_days, chosen.cutoff) == (0, dt.time(16, 30))
    assert list(Holiday.objects.values_list("day", "name")) == [
        (dt.date(2025, 7, 4), "Independence Day"),
        (dt.date(2025, 12, 25), ""),
    ]
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert "2025-07-04 Independence Day\n2025-12-25</textarea>" in page


def test_a_holiday_that_is_not_a_date_is_refused_with_its_line(signed_in, us):
    response = signed_in.post(
        reverse("web:shipping_settings", args=["US"]),
        {"US-handling_days": "1", "US-cutoff": "14:00", "US-holidays": "2025-07-04\n4 July"},
    )
    assert response.status_code == 400
    assert (
        "line 2: &#x27;4&#x27; is not a date; write it as 2025-12-25" in response.content.decode()
    )
    assert not ShippingSettings.objects.exists()


def test_a_marketplace_the_seller_does_not_sell_in_cannot_be_set(signed_in, us):
    response = signed_in.post(
        reverse("web:shipping_settings", args=["DE"]),
        {"DE-handling_days": "1", "DE-cutoff": "14:00", "DE-holidays": ""},
    )
    assert response.status_code == 404
