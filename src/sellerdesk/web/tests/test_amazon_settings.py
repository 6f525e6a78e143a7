from pathlib import Path

import pytest
from django.urls import reverse

from sellerdesk.channels.amazon.models import AmazonConnection, MarketplaceSync
from sellerdesk.channels.amazon.spapi.sandbox import Sandbox
from sellerdesk.channels.models import Marketplace

pytestmark = pytest.mark.django_db
MODELS = Path(__file__).resolve().parents[5] / "shared" / "amazon" / "sp-api-models"
CREDENTIALS = {
    "region": "EU",
    "seller_id": "A3SELLER",
    "client_id": "amzn1.application-oa2-client.x",
    "client_secret": "the-client-secret",
    "refresh_token": "Atzr|the-refresh-token",
    "marketplaces": ["UK", "DE"],
}


def test_connecting_amazon_stores_the_secrets_encrypted_and_never_shows_them(signed_in):
    response = signed_in.post(reverse("web:settings"), CREDENTIALS, follow=True)
    page = response.content.decode()
    assert "Amazon is connected" in page
    assert "the-client-secret" not in page
    assert "the-refresh-token" not in page
    connection = AmazonConnection.objects.get()
    assert connection.region == "EU"
    assert "the-client-secret" not in connection.client_secret_encrypted
    synced = set(MarketplaceSync.objects.values_list("marketplace__code", flat=True))
    assert synced == {"UK", "DE"}
    assert Marketplace.objects.get(channel__code="amazon", code="DE").is_active


def test_a_connection_form_with_a_missing_secret_is_asked_again(signed_in):
    response = signed_in.post(reverse("web:settings"), {**CREDENTIALS, "refresh_token": ""})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not AmazonConnection.objects.exists()


def test_home_shows_each_marketplaces_sync_with_its_last_error(signed_in):
    signed_in.post(reverse("web:settings"), CREDENTIALS)
    MarketplaceSync.objects.filter(marketplace__code="UK").update(
        last_error="orders: searchOrders failed with HTTP 503: InternalFailure"
    )
    page = signed_in.get(reverse("web:home")).content.decode()
    assert 'id="amazon-sync"' in page
    assert "searchOrders failed with HTTP 503" in page
    assert page.count("Sync now") == 2


@pytest.mark.skipif(not MODELS.is_dir(), reason="the SP-API sandbox examples live in ../shared")
def test_sync_now_runs_the_sync_and_home_shows_its_outcome(signed_in, settings):
    with Sandbox(MODELS) as sandbox:
        settings.SELLERDESK_SPAPI_ENDPOINT = sandbox.url
        settings.SELLERDESK_LWA_TOKEN_URL = sandbox.token_url
        settings.SELLERDESK_SPAPI_BACKOFF_SECONDS = 0.001
        sandbox.add_example(
            "searchOrders", "GET", "/orders/2026-01-01/orders",
            parameters={"marketplaceIds": {"value": ["A1F83G8C2ARO7P"]}},
            response={"orders": [], "pagination": {}},
        )  # fmt: skip
        signed_in.post(reverse("web:settings"), {**CREDENTIALS, "marketplaces": ["UK"]})
        response = signed_in.post(
            reverse("web:sync_now"), {"marketplace": "UK", "next": "/settings/"}, follow=True
        )
    assert response.redirect_chain[-1][0] == "/settings/"
    state = MarketplaceSync.objects.get(marketplace__code="UK")
    # The queue runs jobs at once in tests: the sync has run, and FBA needs no location here.
    assert state.last_attempt_at is not None
    assert state.last_success_at is not None, state.last_error


def test_sync_now_refuses_a_marketplace_that_is_not_synced(signed_in):
    response = signed_in.post(reverse("web:sync_now"), {"marketplace": "JP"}, follow=True)
    assert "That marketplace is not synced" in response.content.decode()


def test_sync_now_never_redirects_off_site(signed_in):
    signed_in.post(reverse("web:settings"), CREDENTIALS)
    response = signed_in.post(
        reverse("web:sync_now"), {"marketplace": "XX", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("web:home")


def test_a_marketplaces_scheduled_sync_can_be_paused_and_resumed(signed_in):
    signed_in.post(reverse("web:settings"), CREDENTIALS)
    paused = signed_in.post(
        reverse("web:sync_pause"), {"marketplace": "UK", "enabled": "0"}, follow=True
    )
    assert "The Amazon UK sync is paused" in paused.content.decode()
    assert not MarketplaceSync.objects.get(marketplace__code="UK").is_enabled
    assert "Resume" in signed_in.get(reverse("web:home")).content.decode()
    signed_in.post(reverse("web:sync_pause"), {"marketplace": "UK", "enabled": "1"})
    assert MarketplaceSync.objects.get(marketplace__code="UK").is_enabled
    refused = signed_in.post(
        reverse("web:sync_pause"), {"marketplace": "JP", "enabled": "0"}, follow=True
    )
    assert "Amazon JP is not synced" in refused.content.decode()
