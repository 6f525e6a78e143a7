import datetime as dt

import pytest

from sellerdesk.messaging.rendering import CONTEXT_NAMES, TemplateProblem, order_context, render
from sellerdesk.orders.models import Shipment
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def context():
    order = OrderFactory(
        external_id="114-1234567-1234567",
        purchased_at=dt.datetime(2025, 6, 12, 9, 0, tzinfo=dt.UTC),
        latest_delivery_at=dt.datetime(2025, 6, 18, 9, 0, tzinfo=dt.UTC),
    )
    OrderLineFactory(
        order=order, title="Silver stacking ring", channel_sku="RING-5", quantity_ordered=2
    )
    BuyerDetailsFactory(order=order, name="Ada Lovelace")
    Shipment.objects.create(
        order=order, shipped_at=order.purchased_at, carrier="UPS",
        tracking_number="1Z999AA10123456784", created_by="maker",
    )  # fmt: skip
    return order_context(order, "Wren & Wire")


def test_the_context_holds_the_documented_names_only_and_plain_values(context):
    assert set(context) == set(CONTEXT_NAMES)
    assert context["buyer_first_name"] == "Ada"
    assert context["items"] == [{"title": "Silver stacking ring", "sku": "RING-5", "quantity": 2}]
    assert (context["purchased_on"], context["deliver_by"]) == ("12 June 2025", "18 June 2025")
    assert context["tracking_link"] == "https://www.ups.com/track?tracknum=1Z999AA10123456784"


def test_a_template_renders_with_loops_and_filters(context):
    rendered = render(
        "Order {{ order_id }} has shipped",
        "Hello {{ buyer_first_name|default:'there' }},\n"
        "{% for item in items %}{{ item.quantity }} x {{ item.title }}\n{% endfor %}"
        "Track it with {{ carrier }}: {{ tracking_link }}\n{{ shop_name }}",
        context,
    )
    assert rendered.subject == "Order 114-1234567-1234567 has shipped"
    assert "2 x Silver stacking ring" in rendered.body
    assert rendered.body.endswith("Wren & Wire")  # not escaped: a text message


def test_a_message_past_20000_characters_is_refused(context):
    body = "{% for item in items %}" + "{{ shop_name }} " * 2000 + "{% endfor %}"
    with pytest.raises(TemplateProblem, match=r"The body comes to 2\d,\d{3} characters: too long"):
        render("Subject", body, context)


def test_a_subject_is_one_line_whatever_the_items_titles_hold(context):
    context["items"][0]["title"] = "Ring\nBcc: everyone@example.com"
    rendered = render("{{ items.0.title }}", "x", context)
    assert rendered.subject == "Ring Bcc: everyone@example.com"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Hi {{ order.buyer.email }}", "uses order, which a message cannot reach"),
        ("{% for item in items %}no end", "does not read as a template"),
        ("{% include 'web/home.html' %}", "uses block tag 'include', which messages do not have"),
        ("{% load static %}{% static 'x' %}", "uses block tag 'load'"),
        ("{% debug %}", "uses block tag 'debug'"),
        ("{% lorem 100000 w %}", "uses block tag 'lorem'"),
        ("{{ order_id|ljust:'100000000' }}", "uses filter 'ljust'. .*Filters: capfirst"),
        ("{{ items|add:items }}", "uses filter 'add'"),
        ("{% with a=items %}{% endwith %}", "uses block tag 'with'"),
        ("{% firstof 'a'|cut:'b' %}", "uses block tag 'firstof'"),
        ("{{ shop_name|join:shop_name }}", "uses filter 'join'"),
        ("{% for c in 'aaaaaaaaaa' %}{% endfor %}", "a loop may only go over the order's items"),
        ("{% for c in '%abcdefghi' %}{% endfor %}", "a loop may only go over the order's items"),
        ("{% for c in items|slice:'1' %}{% endfor %}", "a loop may only go over the order's items"),
        (
            "{% for a in items %}{% for b in items %}{% endfor %}{% endfor %}",
            "a loop inside a loop",
        ),
    ],
)
def test_anything_beyond_the_documented_context_is_refused_with_where_and_why(
    context, body, message
):
    with pytest.raises(TemplateProblem, match=message):
        render("Subject", body, context)
