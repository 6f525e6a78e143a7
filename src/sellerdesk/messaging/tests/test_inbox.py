"""The inbox's use cases: messages entered and imported, replies, and the clock they stop."""

import datetime as dt
import io

import pytest
from django.core import mail

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.messaging.message_file import MessageFileError
from sellerdesk.messaging.models import (
    BuyerMessage,
    CannedReply,
    Delivery,
    MessageKind,
    OutboundMessage,
    Route,
)
from sellerdesk.messaging.selectors import awaiting_reply_counts, response_time_list
from sellerdesk.messaging.services import (
    create_canned_reply,
    deliver_due,
    enter_message,
    import_messages,
    link_order,
    mark_answered,
    render_canned,
    reply,
    retry_message,
    set_no_response_needed,
    update_canned_reply,
)
from sellerdesk.orders.models import OrderEvent
from sellerdesk.orders.tests.factories import BuyerDetailsFactory, OrderFactory, OrderLineFactory

pytestmark = pytest.mark.django_db

MAKER = Actor("maker")
NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=dt.UTC)
RELAY = "k3x9abc@marketplace.amazon.com"
HEADER = "order-id,received-at,from,subject,body,message-id,ignored\n"


@pytest.fixture(autouse=True)
def pinned():
    with clock.pinned(NOW):
        yield


@pytest.fixture
def order():
    order = OrderFactory(external_id="114-1234567-1234567", purchased_at=NOW - dt.timedelta(days=3))
    OrderLineFactory(order=order, title="Silver stacking ring", channel_sku="RING-5")
    BuyerDetailsFactory(order=order, name="Ada Lovelace")
    return order


def csv_file(*rows: str) -> io.BytesIO:
    return io.BytesIO((HEADER + "".join(rows)).encode())


def message(order=None, hours_ago: float = 1, **fields) -> BuyerMessage:
    values = {"order_id": order.external_id if order else "", "sender": RELAY, "body": "Hi?"}
    values.update(fields)
    received = NOW - dt.timedelta(hours=hours_ago)
    return enter_message(received_at=received, actor=MAKER, **values)


def test_an_entered_message_finds_its_order_by_the_channel_order_id(order):
    found = message(order, subject="Engraving")
    unknown = message(order_id="999-0000000-0000000")

    assert (found.order, found.order_ref, found.source) == (order, "", "entered")
    assert (unknown.order, unknown.order_ref) == (None, "999-0000000-0000000")


def test_an_entered_message_needs_a_sender_a_text_and_a_past_time():
    with pytest.raises(DomainError, match="who the message is from"):
        message(sender=" ")
    with pytest.raises(DomainError, match="empty"):
        message(body="")
    with pytest.raises(DomainError, match="in the future"):
        message(hours_ago=-2)


def test_a_message_whose_order_arrives_later_can_be_filed_with_it(order):
    early = message(order_id="115-1234567-1234567")
    with pytest.raises(DomainError, match="No order 115-"):
        link_order(message=early, order_id="115-1234567-1234567", actor=MAKER)

    link_order(message=early, order_id=order.external_id, actor=MAKER)

    early.refresh_from_db()
    assert (early.order, early.order_ref) == (order, "")


def test_import_reads_columns_by_their_names_and_matches_orders(order):
    source = io.BytesIO(
        (
            "\ufeffMessage-ID,Body,From,Received-At,Order-ID,Subject,Notes\n"
            f'm-1,"Can you engrave it?\nThanks",{RELAY},2025-06-11T10:00:00+02:00,'
            f"{order.external_id},Engraving,x\n"
            "m-2,Do you ship to Canada?,bob@example.com,2025-06-11T12:00:00Z,,Shipping,\n"
        ).encode()
    )

    result = import_messages(source, actor=MAKER, name="messages.csv")

    assert (result.added, result.already_there, result.without_order) == (2, 0, 1)
    first, second = BuyerMessage.objects.order_by("received_at")
    assert first.received_at == dt.datetime(2025, 6, 11, 8, 0, tzinfo=dt.UTC)
    assert (first.order, first.body, first.source) == (
        order,
        "Can you engrave it?\nThanks",
        "imported",
    )
    assert (second.order, second.sender, second.external_id) == (None, "bob@example.com", "m-2")


def test_importing_the_same_messages_again_adds_nothing(order, tmp_path):
    path = tmp_path / "june.csv"
    row = f"{order.external_id},2025-06-11T10:00:00+00:00,{RELAY},Hi,Where is it?,m-1,\n"
    early = "116-7654321-7654321,2025-06-11T11:00:00+00:00,b@x.example,Hi,Before,m-2,\n"
    path.write_text(HEADER + row + early)
    first = import_messages(path, actor=MAKER)
    later = OrderFactory(external_id="116-7654321-7654321")

    again = import_messages(csv_file(row, early, row.replace("m-1", "m-3")), actor=MAKER)

    assert (first.added, first.already_there, first.without_order) == (2, 0, 1)
    assert (again.added, again.already_there, again.without_order) == (1, 2, 0)
    assert BuyerMessage.objects.count() == 3
    # The order that arrived in between now holds the message imported before it.
    assert BuyerMessage.objects.get(external_id="m-2").order == later


def test_a_bad_date_names_file_line_and_column_and_imports_nothing(order):
    source = csv_file(
        f'{order.external_id},2025-06-11T10:00:00+00:00,{RELAY},Hi,"two\nlines",m-1,\n',
        f"{order.external_id},11/06/2025 10:00,{RELAY},Hi,Hello,m-2,\n",
    )

    with pytest.raises(MessageFileError) as raised:
        import_messages(source, actor=MAKER, name="june.csv")

    # The second message starts on line 4: the first one's body runs over two lines.
    assert str(raised.value).startswith("june.csv, line 4, column 'received-at': '11/06/2025")
    assert "2025-06-12T09:30:00+02:00" in str(raised.value)
    assert (raised.value.line, raised.value.column) == (4, "received-at")
    assert not BuyerMessage.objects.exists()


@pytest.mark.parametrize(
    ("header", "row", "problem"),
    [
        ("order-id,from,body,message-id\n", "1,a@b.example,Hi,m-1\n", "line 1, column 'received-at'"),
        (HEADER, "1,2025-06-11T10:00:00,a@b.example,S,Hi,m-1,\n", "has no UTC offset"),
        (HEADER, "1,2025-06-11T10:00:00Z,a@b.example,S,Hi,,\n", "line 2, column 'message-id': is empty"),
        (HEADER, "1,2025-07-11T10:00:00Z,a@b.example,S,Hi,m-1,\n", "line 2, column 'received-at': The time received is in the future"),
        ("", "", "the file is empty"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_says_where_and_how_to_fix_it(header, row, problem):
    with pytest.raises(DomainError, match=problem):
        import_messages(io.BytesIO((header + row).encode()), actor=MAKER, name="x.csv")
    assert not BuyerMessage.objects.exists()


def test_a_file_not_in_utf8_says_so_with_its_line():
    source = io.BytesIO(
        (HEADER + "1,2025-06-11T10:00:00Z,a@b.example,S,Gr").encode() + b"\xfc\xdf\n"
    )

    with pytest.raises(MessageFileError, match=r"x\.csv, line 2: the text is not UTF-8"):
        import_messages(source, actor=MAKER, name="x.csv")


def test_a_reply_is_queued_to_the_buyer_and_stops_the_clock_when_sent(order):
    asked = message(order, hours_ago=5, subject="Engraving")

    queued = reply(message=asked, body="Yes, up to 12 letters.", actor=MAKER)

    assert queued.kind == MessageKind.REPLY
    assert (queued.route, queued.recipient, queued.answers) == (Route.EMAIL, RELAY, asked)
    assert (queued.subject, queued.state, queued.order) == ("Re: Engraving", Delivery.QUEUED, order)
    assert queued.created_at == queued.next_attempt_at == NOW
    assert len(queued.key) == 32
    steps = OrderEvent.objects.filter(order=order).values_list("kind", "message", "actor")
    assert ("note", "Reply queued: Re: Engraving", "maker") in steps
    asked.refresh_from_db()
    assert asked.answered_at is None  # queued is not answered: the clock runs until it goes
    sent_at = NOW + dt.timedelta(minutes=1)
    assert deliver_due(now=sent_at)["sent"] == 1
    asked.refresh_from_db()
    assert (asked.answered_at, asked.answered_by) == (sent_at, "maker")
    (sent,) = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        [RELAY],
        "Re: Engraving",
        "Yes, up to 12 letters.",
    )


def test_a_second_reply_keeps_the_time_of_the_first_answer(order):
    asked = message(order, hours_ago=30)
    reply(message=asked, body="Yes.", actor=MAKER, subject="About your ring")
    deliver_due(now=NOW)
    with clock.pinned(NOW + dt.timedelta(hours=2)):
        reply(message=asked, body="And one more thing.", actor=Actor("helper"))
        deliver_due()

    asked.refresh_from_db()
    assert (asked.answered_at, asked.answered_by) == (NOW, "maker")
    assert OutboundMessage.objects.filter(answers=asked).count() == 2
    assert set(OutboundMessage.objects.values_list("subject", flat=True)) == {
        "About your ring",
        f"Re: your message about order {order.external_id}",
    }


def test_a_reply_needs_an_order_an_email_address_and_a_text(order):
    with pytest.raises(DomainError, match="link it to its order"):
        reply(message=message(order_id="nope"), body="Hi", actor=MAKER)
    with pytest.raises(DomainError, match="not an email address"):
        reply(message=message(order, sender="Ada on Etsy"), body="Hi", actor=MAKER)
    with pytest.raises(DomainError, match="The reply is empty"):
        reply(message=message(order), body="  ", actor=MAKER)
    assert not OutboundMessage.objects.exists()


def test_a_reply_to_an_amazon_buyer_keeps_to_amazons_rules(order):
    asked = message(order)
    with pytest.raises(DomainError, match=r"a link \('www.wren-rings.example/sizes'\)"):
        reply(message=asked, body="See www.wren-rings.example/sizes", actor=MAKER)
    with pytest.raises(DomainError, match="a phone number"):
        reply(message=asked, body="Call me on 0161 496 0000.", actor=MAKER)
    assert not OutboundMessage.objects.exists()
    reply(message=asked, body="Size 7 fits a 17.3 mm finger.", actor=MAKER)


def test_no_response_needed_leaves_the_message_out_of_the_metric(order):
    thanks = message(order, hours_ago=30, body="Thanks!")
    answered_late = message(order, hours_ago=40)
    mark_answered(message=answered_late, at=NOW - dt.timedelta(hours=10), actor=MAKER)
    assert awaiting_reply_counts(now=NOW).late == 1

    set_no_response_needed(message=thanks, flag=True, actor=MAKER)

    assert awaiting_reply_counts(now=NOW).late == 0
    rate = response_time_list(now=NOW, windows=(7,))[0].rate
    assert (rate.counted, rate.on_time, rate.late) == (1, 0, 1)
    set_no_response_needed(message=thanks, flag=False, actor=MAKER)
    assert awaiting_reply_counts(now=NOW).late == 1
    with pytest.raises(DomainError, match="answered already"):
        set_no_response_needed(message=answered_late, flag=True, actor=MAKER)


def test_answered_elsewhere_stops_the_clock_at_the_time_given(order):
    asked = message(order, hours_ago=20)
    with pytest.raises(DomainError, match="before the message"):
        mark_answered(message=asked, at=NOW - dt.timedelta(hours=21), actor=MAKER)
    with pytest.raises(DomainError, match="in the future"):
        mark_answered(message=asked, at=NOW + dt.timedelta(hours=1), actor=MAKER)

    mark_answered(message=asked, at=NOW - dt.timedelta(hours=2), actor=MAKER)

    asked.refresh_from_db()
    assert asked.answered_at == NOW - dt.timedelta(hours=2)
    assert response_time_list(now=NOW, windows=(7,))[0].rate.on_time == 1
    with pytest.raises(DomainError, match="answered already"):
        mark_answered(message=asked, at=NOW, actor=MAKER)


def test_a_canned_reply_is_filled_in_for_the_messages_order(order):
    canned = create_canned_reply(
        title="Engraving", actor=MAKER,
        body="Hi {{ buyer_first_name }}, about {{ order_id }}: "
        "{% for item in items %}{{ item.title }}{% endfor %}. {{ shop_name }}",
    )  # fmt: skip

    filled = render_canned(canned=canned, message=message(order), shop_name="Wren")
    blank = render_canned(canned=canned, message=message(order_id="?"), shop_name="Wren")

    assert filled == "Hi Ada, about 114-1234567-1234567: Silver stacking ring. Wren"
    assert blank == "Hi , about : . Wren"


def test_canned_replies_are_checked_before_they_are_kept():
    canned = create_canned_reply(title="Thanks", body="Thank you!", actor=MAKER)
    with pytest.raises(DomainError, match="buyer_email"):
        create_canned_reply(title="Bad", body="Write to {{ buyer_email }}", actor=MAKER)
    with pytest.raises(DomainError, match="called 'Thanks' already"):
        create_canned_reply(title="Thanks", body="Again", actor=MAKER)

    update_canned_reply(
        canned=canned, title="Thank you", body="Thank you, {{ shop_name }}", actor=MAKER
    )

    assert list(CannedReply.objects.values_list("title", "body")) == [
        ("Thank you", "Thank you, {{ shop_name }}")
    ]


def test_a_failed_reply_goes_again_as_written_with_a_one_line_subject(order, settings):
    asked = message(order, subject="Where is\nmy ring")
    queued = reply(message=asked, body="On its way.", actor=MAKER)
    assert queued.subject == "Re: Where is my ring"
    OutboundMessage.objects.filter(pk=queued.pk).update(state=Delivery.FAILED, last_error="x")

    again = retry_message(queued, MAKER)

    assert (again.state, again.subject, again.body) == (
        Delivery.QUEUED,
        "Re: Where is my ring",
        "On its way.",
    )
    assert deliver_due(now=NOW)["sent"] == 1
