import pytest


@pytest.fixture
def seller(django_user_model):
    return django_user_model.objects.create_user("maker", password="a-long-test-password")


@pytest.fixture
def signed_in(client, seller):
    client.force_login(seller)
    return client


HTMX = {"HTTP_HX_REQUEST": "true"}
