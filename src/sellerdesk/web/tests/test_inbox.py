import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellerdesk.core import clock
from sellerdesk.messaging.models import BuyerMessage, CannedReply, OutboundMessage
from sellerdesk.messaging.services import deliver_due
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory

from .conftest import HTMX

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 6, 16, 9, 0, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)
INBOX = reverse("web:inbox")
RELAY = "k3x9abc@marketplace.amazon.com"


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


@pytest.fixture
def order():
    order = OrderFactory(external_id="114-1234567-1234567")
    BuyerDetailsFactory(order=order, name="Ada Lovelace")
    return order


def received(hours_ago: float, **fields) -> BuyerMessage:
    values = {"sender": RELAY, "body": "Where is my ring?", "source": "entered"}
    values.update(fields)
    return BuyerMessage.objects.create(received_at=NOW - hours_ago * HOUR, **values)


def test_the_inbox_lists_messages_awaiting_a_reply_with_their_clock_and_the_rate(signed_in):
    received(30, subject="Late one")
    received(21, subject="Nearly due")
    received(2, subject="Fresh")
    received(50, subject="Done", answered_at=NOW - 40 * HOUR, answered_by="maker")

    response = signed_in.get(INBOX)

    page = response.content.decode()
    assert response.status_code == 200
    awaiting = page[page.index('id="awaiting"') : page.index('id="enter"')]
    assert awaiting.index("Late one") < awaiting.index("Nearly due") < awaiting.index("Fresh")
    assert "late by 6 h" in awaiting
    assert '<span class="badge badge-warning">3 h left</span>' in awaiting
    assert "22 h left" in awaiting
    assert "Done" not in awaiting
    assert "Done" in page
    # Counted: the late one and the one answered in 10 h; the others are still in time.
    assert "50.00%" in page
    assert "1 of 2 (target 90%)" in page


def test_a_message_entered_by_hand_opens_its_conversation(signed_in, order):
    response = signed_in.post(
        reverse("web:inbox_enter"),
        {
            "order_id": order.external_id, "received_at": "2025-06-16T08:30",
            "sender": RELAY, "subject": "Engraving", "body": "Can you engrave it?",
        },
    )  # fmt: skip

    message = BuyerMessage.objects.get()
    assert response["Location"] == reverse("web:inbox_thread", args=[message.pk])
    assert (message.order, message.received_at) == (order, NOW - 0.5 * HOUR)
    page = signed_in.get(response["Location"]).content.decode()
    assert "Can you engrave it?" in page
    assert "23 h 30 min left" in page


def test_an_entered_message_with_a_problem_comes_back_with_why(signed_in):
    response = signed_in.post(
        reverse("web:inbox_enter"),
        {"received_at": "2025-06-20T10:30", "sender": RELAY, "body": "Hi"},
    )

    assert response.status_code == 400
    assert "The time received is in the future" in response.content.decode()
    assert not BuyerMessage.objects.exists()


def test_a_csv_upload_imports_messages_and_a_bad_one_says_where(signed_in, order):
    good = (
        "order-id,received-at,from,subject,body,message-id\n"
        f"{order.external_id},2025-06-15T20:00:00+00:00,{RELAY},Size,Which size?,m-1\n"
    )
    bad = good.replace("m-1", "m-2") + "x,yesterday,a@b.example,S,B,m-3\n"

    done = signed_in.post(
        reverse("web:inbox_import"),
        {"file": SimpleUploadedFile("june.csv", good.encode())},
        follow=True,
    ).content.decode()
    refused = signed_in.post(
        reverse("web:inbox_import"),
        {"file": SimpleUploadedFile("july.csv", bad.encode())},
        follow=True,
    ).content.decode()

    assert "Imported 1 message." in done
    assert "Nothing imported: july.csv, line 3, column &#x27;received-at&#x27;" in refused
    assert list(BuyerMessage.objects.values_list("external_id", flat=True)) == ["m-1"]


def test_a_reply_from_the_conversation_is_queued_and_stops_the_clock_when_sent(signed_in, order):
    message = received(5, order=order, subject="Size")
    thread = reverse("web:inbox_thread", args=[message.pk])

    response = signed_in.post(reverse("web:inbox_reply", args=[message.pk]), {"body": "Size 7."})

    assert response["Location"] == thread
    queued = OutboundMessage.objects.get()
    assert (queued.recipient, queued.subject, queued.body) == (RELAY, "Re: Size", "Size 7.")
    page = signed_in.get(thread).content.decode()
    assert "A reply is queued: the clock stops when it is sent." in page
    deliver_due(now=NOW)
    page = signed_in.get(thread).content.decode()
    assert "Answered Mon 16 Jun 09:00 by maker" in page
    assert "A reply is queued" not in page
    assert page.index("Where is my ring?") < page.index("Size 7.")


def test_an_empty_reply_comes_back_with_the_form(signed_in, order):
    message = received(5, order=order)

    response = signed_in.post(reverse("web:inbox_reply", args=[message.pk]), {"body": ""})

    assert response.status_code == 400
    assert 'id="reply-form"' in response.content.decode()
    assert not OutboundMessage.objects.exists()


def test_picking_a_canned_reply_fills_the_reply_box_for_the_order(signed_in, order, settings):
    settings.SELLERDESK_SHOP_NAME = "Wren"
    message = received(5, order=order)
    canned = CannedReply.objects.create(
        title="Thanks", body="Hi {{ buyer_first_name }}, {{ order_id }}. {{ shop_name }}",
        updated_at=NOW,
    )  # fmt: skip
    assert (
        "Thanks</option>"
        in signed_in.get(reverse("web:inbox_thread", args=[message.pk])).content.decode()
    )

    response = signed_in.get(
        reverse("web:inbox_canned_fill", args=[message.pk]), {"canned": canned.pk}, **HTMX
    )

    fragment = response.content.decode()
    assert fragment.startswith('<div class="field" id="reply-body">')
    assert ">\nHi Ada, 114-1234567-1234567. Wren</textarea>" in fragment


def test_no_response_needed_and_answered_elsewhere_take_messages_off_the_clock(signed_in):
    thanks = received(30, body="Thanks!")
    asked = received(20)

    signed_in.post(reverse("web:inbox_no_response", args=[thanks.pk]), {"flag": "on"})
    signed_in.post(
        reverse("web:inbox_answered", args=[asked.pk]), {"answered_at": "2025-06-16T08:00"}
    )

    thanks.refresh_from_db()
    asked.refresh_from_db()
    assert thanks.no_response_needed
    assert asked.answered_at == NOW - HOUR
    page = signed_in.get(INBOX).content.decode()
    assert "Every message is answered." in page
    signed_in.post(reverse("web:inbox_no_response", args=[thanks.pk]))
    thanks.refresh_from_db()
    assert not thanks.no_response_needed


def test_a_message_without_an_order_is_filed_with_it_once_it_arrives(signed_in, order):
    early = received(3, order_ref="114-1234567-1234567-typo")
    thread = reverse("web:inbox_thread", args=[early.pk])
    assert 'id="reply-form"' not in signed_in.get(thread).content.decode()

    refused = signed_in.post(reverse("web:inbox_link_order", args=[early.pk]), {"order_id": "x"})
    signed_in.post(
        reverse("web:inbox_link_order", args=[early.pk]), {"order_id": order.external_id}
    )

    assert refused.status_code == 400
    assert "No order x in sellerdesk" in refused.content.decode()
    early.refresh_from_db()
    assert early.order == order
    assert 'id="reply-form"' in signed_in.get(thread).content.decode()


def test_canned_replies_are_added_and_edited(signed_in):
    listing = reverse("web:canned_replies")
    signed_in.post(listing, {"title": "Sizes", "body": "Our rings run true to size."})
    canned = CannedReply.objects.get()
    bad = signed_in.post(listing, {"title": "Bad", "body": "{{ buyer_email }}"})

    signed_in.post(
        reverse("web:canned_reply_edit", args=[canned.pk]),
        {"title": "Sizing", "body": "True to size, {{ buyer_first_name }}."},
    )

    assert bad.status_code == 400
    assert "buyer_email" in bad.content.decode()
    canned.refresh_from_db()
    assert (canned.title, canned.body) == ("Sizing", "True to size, {{ buyer_first_name }}.")
    page = signed_in.get(listing).content.decode()
    assert "Sizing" in page
    assert "buyer_first_name" in page  # the names a reply may use are listed
    assert signed_in.get(reverse("web:canned_reply_edit", args=[canned.pk])).status_code == 200


def test_home_lists_messages_nearing_and_past_24_hours_with_their_counts(signed_in):
    oldest = received(30, subject="Where is it?")
    received(25, subject="Gift wrap?")
    nearing = received(22, subject="Engraving font")
    received(2, subject="Just a question")

    page = signed_in.get(reverse("web:home")).content.decode()

    panel = page[page.index('id="buyer-messages"') : page.index('id="new-orders"')]
    assert "4 awaiting a reply" in panel
    assert '<span class="badge badge-warning">1 nearing 24 hours</span>' in panel
    assert '<span class="badge badge-danger">2 past 24 hours</span>' in panel
    assert f'href="{INBOX}#awaiting"' in panel
    listed = panel[panel.index('id="urgent-messages"') :]
    assert listed.index("Where is it?") < listed.index("Gift wrap?") < listed.index("Engraving")
    assert "Just a question" not in listed
    assert reverse("web:inbox_thread", args=[oldest.pk]) in listed
    assert reverse("web:inbox_thread", args=[nearing.pk]) in listed
    assert "late by 6 h" in listed


def test_the_inbox_is_in_the_navigation(signed_in):
    message = received(1)

    items = signed_in.get(reverse("web:inbox_thread", args=[message.pk])).context["nav"].items

    assert [item.label for item in items if item.active] == ["Inbox"]
    assert next(item for item in items if item.label == "Inbox").badge == ""
    received(23)
    received(30)
    page = signed_in.get(reverse("web:orders")).content.decode()
    assert 'title="Buyer messages near or past their 24 hours">2</span>' in page
