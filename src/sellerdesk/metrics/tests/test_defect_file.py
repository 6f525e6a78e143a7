"""Feedback, claims and chargebacks imported from a file: all of it or none, errors where."""

import datetime as dt
import io

import pytest

from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.services import Actor
from sellerdesk.metrics.defect_file import DefectFileError, read_defect_file
from sellerdesk.metrics.models import Chargeback, Claim, Feedback
from sellerdesk.metrics.services import import_defects
from sellerdesk.orders.tests.factories import OrderFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2025, 7, 1, 9, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _clock():
    with clock.pinned(NOW):
        yield


def rows(text: str, name: str = "defects.csv"):
    return read_defect_file(io.BytesIO(text.encode()), name)


def test_sellerdesks_own_layout_records_each_kind_and_reimporting_corrects():
    one, two, three = (OrderFactory(external_id=f"114-0000000-000000{n}") for n in (1, 2, 3))
    text = (
        "Order-ID,What,Date,Stars,Claim-State,Protected,Chargeback-Kind,Comment\n"
        "114-0000000-0000001,feedback,2025-06-20,2,,,,Too small\n"
        "114-0000000-0000002,claim,20-Jun-2025,,granted,yes,,\n"
        "114-0000000-0000003,chargeback,06/21/2025,,,,fraud,\n"
    )
    assert import_defects(rows=rows(text), actor=Actor("maker"), source="defects.csv") == 3
    feedback = Feedback.objects.get(order=one)
    assert (feedback.stars, feedback.comment, feedback.source) == (2, "Too small", "file")
    assert feedback.left_at == dt.datetime(2025, 6, 20, 12, tzinfo=dt.UTC)
    claim = Claim.objects.get(order=two)
    assert (claim.state, claim.protected) == ("granted", True)
    assert Chargeback.objects.get(order=three).kind == "fraud"
    import_defects(rows=rows(text.replace(",2,,,,Too", ",4,,,,Too")), actor=Actor("m"), source="x")
    assert Feedback.objects.get(order=one).stars == 4
    assert Feedback.objects.count() == 1


def test_a_feedback_download_with_rating_and_order_id_is_feedback_on_every_line():
    OrderFactory(external_id="114-0000000-0000009")
    text = "Date\tRating\tComments\tOrder ID\n2025-06-25\t1\tNever came\t114-0000000-0000009\n"
    (row,) = rows(text, "feedback.txt")
    assert (row.what, row.stars, row.comment) == ("feedback", 1, "Never came")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("114-1,feedback,2025-06-20,6", r"line 2, column 'stars': '6' is not a rating"),
        ("114-1,review,2025-06-20,", r"line 2, column 'what': 'review' is not one of"),
        ("114-1,claim,30/06/2025,", r"line 2, column 'date': not a date: expected 2025-06-30"),
        (",claim,2025-06-20,", r"line 2, column 'order-id': the order id is empty"),
    ],
)
def test_a_wrong_value_names_its_line_and_column(line, message):
    with pytest.raises(DefectFileError, match=message):
        rows(f"order-id,what,date,stars\n{line}\n")


def test_an_unknown_order_imports_nothing_and_says_where():
    OrderFactory(external_id="114-0000000-0000001")
    text = "order-id,what,date,stars\n114-0000000-0000001,feedback,2025-06-20,1\n999-x,feedback,2025-06-20,1\n"
    with pytest.raises(
        DomainError, match=r"defects.csv, line 3, column 'order-id': .*no order 999-x"
    ):
        import_defects(rows=rows(text), actor=Actor("maker"), source="defects.csv")
    assert not Feedback.objects.exists()


def test_a_file_without_the_columns_says_which_are_needed():
    with pytest.raises(DefectFileError, match="line 1: the first line must name the columns"):
        rows("name,value\nx,1\n")


def test_todays_date_in_the_morning_is_taken_as_now_not_refused_as_the_future():
    order = OrderFactory(external_id="114-0000000-0000005")
    text = "order-id,what,date,stars\n114-0000000-0000005,feedback,2025-07-01,2\n"  # NOW: 09:00
    import_defects(rows=rows(text), actor=Actor("maker"), source="today.csv")
    assert Feedback.objects.get(order=order).left_at == NOW
