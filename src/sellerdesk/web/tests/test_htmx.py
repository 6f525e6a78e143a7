"""htmx edge cases: caches keep the page and its fragment apart; a lost login leaves the table."""

import pytest
from django.urls import reverse

from .conftest import HTMX

pytestmark = pytest.mark.django_db
ORDERS = reverse("web:orders")
LOGIN = reverse("login")


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "fragment"])
@pytest.mark.parametrize("name", ["web:orders", "web:inventory"])
def test_pages_with_an_htmx_fragment_vary_on_the_hx_request_header(signed_in, name, headers):
    response = signed_in.get(reverse(name), **headers)

    assert response.status_code == 200
    assert "HX-Request" in response["Vary"]


def test_an_htmx_request_without_a_login_sends_the_browser_back_to_the_page_it_is_on(client):
    response = client.get(
        ORDERS,
        {"page": "2"},
        **HTMX,
        HTTP_HX_CURRENT_URL="http://testserver/orders/?status=Shipped",
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == f"{LOGIN}?next=/orders/%3Fstatus%3DShipped"
    assert "Location" not in response
    assert response.content == b""


def test_an_htmx_request_without_a_current_url_comes_back_to_the_url_it_asked_for(client):
    response = client.get(ORDERS, {"status": "Shipped"}, **HTMX)

    assert response["HX-Redirect"] == f"{LOGIN}?next=/orders/%3Fstatus%3DShipped"


def test_a_current_url_on_another_site_is_never_the_way_back(client):
    response = client.get(ORDERS, **HTMX, HTTP_HX_CURRENT_URL="https://evil.example/orders/")

    assert response["HX-Redirect"] == f"{LOGIN}?next=/orders/"


def test_a_plain_request_without_a_login_still_gets_a_redirect(client):
    response = client.get(ORDERS)

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/orders/"
    assert "HX-Redirect" not in response
