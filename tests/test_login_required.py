"""Every URL the project serves asks for a login, except the login page itself."""

import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import (
    IntConverter,
    PathConverter,
    SlugConverter,
    StringConverter,
    UUIDConverter,
)
from django.urls.resolvers import RoutePattern

OPEN_TO_ALL = {"login"}

SAMPLES = {
    IntConverter: 1,
    StringConverter: "sample",
    SlugConverter: "sample-slug",
    PathConverter: "sample/path",
    UUIDConverter: uuid.UUID(int=1),
}


def _fill(pattern) -> str:
    """The route with each <converter:name> replaced by a sample value."""
    if not isinstance(pattern, RoutePattern):
        raise AssertionError(f"add sample values for the regex route {pattern}")
    route = str(pattern)
    for name, converter in pattern.converters.items():
        sample = SAMPLES.get(type(converter))
        if sample is None:
            raise AssertionError(f"add a sample value for {type(converter).__name__}")
        start = route.index("<")
        assert route[start:].split(">", 1)[0].endswith(name)
        route = route[:start] + converter.to_url(sample) + route[start:].split(">", 1)[1]
    return route


def _walk(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry, prefix + _fill(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name}", "/" + prefix + _fill(entry.pattern)


PATTERNS = sorted(_walk(get_resolver()))


def test_the_walk_finds_the_dashboard_pages():
    names = {name for name, _ in PATTERNS}
    assert {
        "login",
        "logout",
        "web:home",
        "web:orders",
        "web:order_detail",
        "web:sku_detail",
    } <= names


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "path"), [p for p in PATTERNS if p[0] not in OPEN_TO_ALL])
def test_anonymous_visitors_are_sent_to_the_login_page(client, name, path, method):
    response = getattr(client, method)(path)

    assert response.status_code == 302, f"{name} ({path}) answered {response.status_code}"
    assert response["Location"].startswith(f"{reverse('login')}?next=")


@pytest.mark.django_db
def test_the_login_page_is_open_to_anonymous_visitors(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert b'name="password"' in response.content
