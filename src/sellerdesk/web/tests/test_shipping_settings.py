import datetime as dt

import pytest
from django.urls import reverse

from sellerdesk.channels.models import Marketplace, SalesChannel
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
    assert f'id="shipping-{us.pk}"' in page
    assert f'name="m{us.pk}-handling_days" value="1"' in page
    assert 'value="14:00"' in page
    germany = Marketplace.objects.get(channel__code="amazon", code="DE")
    assert f'id="shipping-{germany.pk}"' not in page  # not a marketplace the seller sells in


def test_saving_a_marketplaces_shipping_sets_handling_cutoff_and_holidays(signed_in, us):
    response = signed_in.post(
        reverse("web:shipping_settings", args=[us.pk]),
        {
            f"m{us.pk}-handling_days": "0",
            f"m{us.pk}-cutoff": "16:30",
            f"m{us.pk}-holidays": "2025-07-04\tIndependence Day\n\n2025-12-25",
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
    response = post(signed_in, us, handling_days="3", holidays="2025-07-04\n20251225")
    assert response.status_code == 400
    page = response.content.decode()
    assert "line 2: &#x27;20251225&#x27; is not a date; write it as 2025-12-25" in page
    assert not ShippingSettings.objects.exists()


def test_a_holiday_listed_twice_is_refused_and_nothing_is_saved(signed_in, us):
    response = post(signed_in, us, handling_days="3", holidays="2025-12-25 a\n2025-12-25 b")
    assert response.status_code == 400
    assert "line 2: 2025-12-25 is listed twice" in response.content.decode()
    assert not ShippingSettings.objects.exists()
    assert not Holiday.objects.exists()


def post(client, marketplace: Marketplace, **fields: str):
    values = {"handling_days": "1", "cutoff": "14:00", "holidays": "", **fields}
    return client.post(
        reverse("web:shipping_settings", args=[marketplace.pk]),
        {f"m{marketplace.pk}-{name}": value for name, value in values.items()},
    )


def test_a_marketplace_the_seller_does_not_sell_in_cannot_be_set(signed_in, us):
    germany = Marketplace.objects.get(channel__code="amazon", code="DE")
    assert post(signed_in, germany).status_code == 404


def test_marketplaces_of_two_channels_with_one_code_are_set_apart(signed_in, us):
    shop = SalesChannel.objects.get(code="etsy")
    etsy_us = Marketplace.objects.create(
        channel=shop,
        code="US",
        name="Etsy shop",
        country_code="US",
        currency="USD",
        time_zone="America/New_York",
        is_active=True,
    )
    page = signed_in.get(reverse("web:settings")).content.decode()
    assert f'id="shipping-{us.pk}"' in page
    assert f'id="shipping-{etsy_us.pk}"' in page
    assert post(signed_in, etsy_us, handling_days="2").status_code == 302
    assert ShippingSettings.objects.get().marketplace == etsy_us
