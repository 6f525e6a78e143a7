import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellerdesk.channels.amazon.models import ReportImport
from sellerdesk.channels.amazon.tests.reports import all_orders_row, report
from sellerdesk.orders.models import Order

pytestmark = pytest.mark.django_db
IMPORTS = reverse("web:imports")


def upload(client, data: bytes, name: str = "All-Orders.txt", **fields):
    file = SimpleUploadedFile(name, data, content_type="text/plain")
    return client.post(IMPORTS, {"file": file, **fields}, follow=True)


def test_uploading_a_report_imports_it_and_shows_the_summary(signed_in, seller):
    rows = [all_orders_row("111-0000001-0000001"), all_orders_row("111-0000002-0000002")]
    response = upload(signed_in, report(rows))
    record = ReportImport.objects.get()
    assert response.redirect_chain == [(reverse("web:import_detail", args=[record.pk]), 302)]
    assert (record.user, record.source, record.created) == (seller, "upload", 2)
    page = response.content.decode()
    assert "All Orders report" in page
    assert '<div class="stat-value">2</div><div class="stat-label">new</div>' in page
    assert Order.objects.count() == 2
    assert Order.objects.first().events.get().actor == seller.username


def test_a_refused_file_says_why_and_keeps_nothing(signed_in):
    response = upload(signed_in, b"name\tprice\nring\t12\n", name="prices.txt")
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "prices.txt, line 1: this is not an Amazon report sellerdesk can import" in page
    assert not Order.objects.exists()


def test_a_dry_run_upload_shows_what_would_change(signed_in):
    response = upload(signed_in, report([all_orders_row()]), dry_run="on")
    assert "Dry run:" in response.content.decode()
    assert not Order.objects.exists()


def test_the_history_lists_every_import_newest_first(signed_in):
    upload(signed_in, report([all_orders_row()]), name="first.txt")
    upload(signed_in, b"nonsense\n", name="second.txt")
    page = signed_in.get(IMPORTS).content.decode()
    assert page.index("second.txt") < page.index("first.txt")
    assert "refused" in page
    assert "imported" in page


def test_the_same_file_again_is_pointed_out(signed_in):
    data = report([all_orders_row()])
    upload(signed_in, data)
    page = upload(signed_in, data).content.decode()
    assert "This exact file was imported before" in page


def test_an_upload_without_a_file_is_asked_for_again(signed_in):
    response = signed_in.post(IMPORTS, {})
    assert response.status_code == 200
    assert "Report or workbook: This field is required." in response.content.decode()


def test_an_unknown_import_is_not_found(signed_in):
    assert signed_in.get(reverse("web:import_detail", args=[999])).status_code == 404


def test_making_a_file_for_seller_central_offers_it_for_download(signed_in, seller):
    from sellerdesk.catalog.models import Listing, Product, Sku
    from sellerdesk.channels.models import Marketplace

    product = Product.objects.create(title="Ring")
    sku = Sku.objects.create(product=product, code="RING-1", title="Ring")
    Listing.objects.create(
        sku=sku,
        channel=Marketplace.objects.get(channel__code="amazon", code="UK").channel,
        marketplace=Marketplace.objects.get(channel__code="amazon", code="UK"),
        channel_sku="RING-1",
    )
    response = signed_in.post(
        reverse("web:export_create"), {"kind": "prices", "marketplace": "UK"}, follow=True
    )
    page = response.content.decode()
    assert "Made price-quantity-UK-" in page
    export = response.context["exports"][0]
    download = signed_in.get(reverse("web:export_download", args=[export.pk]))
    assert download["Content-Type"] == "text/tab-separated-values; charset=cp1252"
    assert download.content.splitlines()[1] == b"RING-1\t\t\t\t0\t\tDEFAULT"


def test_a_file_with_nothing_to_send_says_so(signed_in):
    response = signed_in.post(reverse("web:export_create"), {"kind": "confirmations"}, follow=True)
    assert "nothing to confirm" in response.content.decode()


def test_a_big_upload_is_imported_by_the_job_queue_and_its_file_removed(
    signed_in, settings, tmp_path, monkeypatch
):
    from sellerdesk.web.views import imports as views

    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(views, "QUEUE_ABOVE_BYTES", 1000)  # this file counts as big
    rows = [all_orders_row(f"111-0000001-{n:07d}") for n in range(40)]
    response = upload(signed_in, report(rows))
    record = ReportImport.objects.get()
    # The queue runs jobs at once in tests: the entry is complete, the upload is gone.
    assert (record.is_queued, record.succeeded, record.created, record.source) == (
        False, True, 40, "upload",
    )  # fmt: skip
    assert not list((tmp_path / "uploads").glob("*"))
    assert not list((tmp_path / "progress").glob("*"))
    assert '<div class="stat-value">40</div>' in response.content.decode()


def test_a_queued_import_shows_its_progress_until_it_is_done(signed_in, seller, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    from sellerdesk.channels.amazon.imports import queue_import
    from sellerdesk.channels.amazon.imports.progress import clear_progress, write_progress

    record = queue_import(name="big.txt", size=1000, marketplace=None, dry_run=False, user=seller)
    write_progress(record.pk, 250, 1000)
    try:
        page = signed_in.get(reverse("web:import_detail", args=[record.pk])).content.decode()
        assert '<progress value="250" max="1000">25%</progress>' in page
        assert 'hx-trigger="every 1s"' in page
        assert "importing" in signed_in.get(IMPORTS).content.decode()
        ReportImport.objects.filter(pk=record.pk).update(is_queued=False, succeeded=True)
        done = signed_in.get(
            reverse("web:import_progress", args=[record.pk]), HTTP_HX_REQUEST="true"
        )
        assert (done.status_code, done["HX-Refresh"]) == (204, "true")
    finally:
        clear_progress(record.pk)
