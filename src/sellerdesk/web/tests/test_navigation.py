import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from sellerdesk.core import clock
from sellerdesk.fulfillment.models import ShopProfile
from sellerdesk.orders.tests.factories import OrderFactory
from sellerdesk.web.navigation import FEATURES

pytestmark = pytest.mark.django_db

EVERY_CAPABILITY = [
    "Home",
    "Orders",
    "To ship",
    "Inventory",
    "Returns",
    "Inbox",
    "Messages",
    "Performance",
    "Analytics",
    "Restock",
    "Imports",
    "Settings",
]


def test_the_navigation_names_every_capability_in_order(signed_in):
    response = signed_in.get(reverse("web:orders"))

    items = response.context["nav"].items
    assert [item.label for item in items] == EVERY_CAPABILITY
    assert [item.label for item in items if item.active] == ["Orders"]


@pytest.mark.parametrize("feature", FEATURES, ids=lambda feature: feature.url_name)
def test_every_feature_has_its_own_url_at_its_path(feature):
    url = reverse(f"web:{feature.url_name}")

    match = resolve(url)

    assert url == f"/{feature.path}"
    assert (match.namespace, match.url_name) == ("web", feature.url_name)
    assert match.kwargs == {}


def test_the_home_item_shows_the_new_order_count(signed_in):
    OrderFactory.create_batch(3, received_at=clock.now() - dt.timedelta(hours=1))

    response = signed_in.get(reverse("web:inventory"))

    assert '<span class="count-badge" title="New orders">3</span>' in response.content.decode()


def test_the_top_bar_shows_the_shop_name_and_a_sign_out_form(signed_in, settings):
    settings.SELLERDESK_SHOP_NAME = "Juniper & Gold"

    page = signed_in.get(reverse("web:home")).content.decode()

    assert "Juniper &amp; Gold" in page
    assert f'<form method="post" action="{reverse("logout")}"' in page


def test_the_shop_name_set_in_settings_heads_the_top_bar_over_the_environments(signed_in, settings):
    settings.SELLERDESK_SHOP_NAME = "Juniper & Gold"
    ShopProfile.objects.create(
        shop_name="Wren & Wire", address_line1="1 Lane", city="Bath", postal_code="BA1",
        country_code="GB",
    )  # fmt: skip

    page = signed_in.get(reverse("web:home")).content.decode()

    assert '<span class="brand-mark" aria-hidden="true">sd</span>Wren &amp; Wire</a>' in page


def test_signing_out_is_a_post_that_ends_the_session(signed_in):
    response = signed_in.post(reverse("logout"))

    assert response.status_code == 302
    assert signed_in.get(reverse("web:home")).status_code == 302


def test_signing_in_leads_to_home(client, seller):
    response = client.post(
        reverse("login"), {"username": "maker", "password": "a-long-test-password"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("web:home")


def test_a_wrong_password_is_explained_on_the_login_page(client, seller):
    response = client.post(reverse("login"), {"username": "maker", "password": "nope"})

    assert response.status_code == 200
    assert "did not match" in response.content.decode()


def test_pages_use_only_local_assets(signed_in):
    page = signed_in.get(reverse("web:home")).content.decode()

    assert "/static/sellerdesk/app.css" in page
    assert "/static/django_htmx/htmx-2" in page
    assert "http://" not in page
    assert "https://" not in page


def test_the_layout_reads_the_shops_name_once_though_it_shows_it_twice(signed_in):
    with CaptureQueriesContext(connection) as queries:
        assert signed_in.get(reverse("web:orders")).status_code == 200
    profile_reads = [q for q in queries.captured_queries if "fulfillment_shopprofile" in q["sql"]]
    assert len(profile_reads) == 1
