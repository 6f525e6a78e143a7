"""The workbook on the dashboard: downloaded, uploaded edited, previewed, applied."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from sellerdesk.catalog.models import Sku
from sellerdesk.core import clock
from sellerdesk.demo.loader import load_demo
from sellerdesk.orders.models import OrderEvent
from sellerdesk.planning.selectors.restock import restock_list
from sellerdesk.workbook.models import WorkbookUpload
from sellerdesk.workbook.tests.editing import delete_row, edit

pytestmark = pytest.mark.django_db
AS_OF = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def shop(db):
    load_demo(orders=300, seed=2, as_of=AS_OF)
    with clock.pinned(AS_OF):
        yield


def download(client, tmp_path):
    home = client.get(reverse("web:home"))
    assert reverse("web:workbook_download") in home.content.decode()
    response = client.get(reverse("web:workbook_download"))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="sellerdesk-2025-10-23-to-2026-01-20.xlsx"' in response["Content-Disposition"]
    path = tmp_path / "shop.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def upload(client, path):
    with path.open("rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read(), content_type=XLSX)
    response = client.post(reverse("web:imports"), {"file": file})
    assert response.status_code == 302
    return response["Location"]


def test_download_change_upload_preview_and_apply(shop, signed_in, tmp_path):
    path = download(signed_in, tmp_path)
    sku = restock_list()[0].sku
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 8.4})

    preview = signed_in.get(upload(signed_in, path))

    page = preview.content.decode()
    assert f"unit cost {sku.unit_cost:.2f} → 8.40" in page
    assert Sku.objects.get(pk=sku.pk).unit_cost == sku.unit_cost
    digest = preview.context["plan"].digest
    upload_pk = WorkbookUpload.objects.get().pk
    done = signed_in.post(reverse("web:workbook_apply", args=[upload_pk]), {"digest": digest},
                          follow=True)  # fmt: skip
    assert "Applied 1 change(s) from shop.xlsx" in done.content.decode()
    assert Sku.objects.get(pk=sku.pk).unit_cost == Decimal("8.4")
    history = signed_in.get(reverse("web:imports")).content.decode()
    assert 'id="workbooks"' in history
    assert "not applied" not in history
    # Applied once: the same page cannot apply it again.
    again = signed_in.post(reverse("web:workbook_apply", args=[upload_pk]), {"digest": digest},
                           follow=True)  # fmt: skip
    assert "Nothing was applied. shop.xlsx was applied on" in again.content.decode()
    assert OrderEvent.objects.filter(message__startswith="Note").count() == 0


def test_a_preview_gone_stale_is_shown_again_not_applied(shop, signed_in, tmp_path):
    path = download(signed_in, tmp_path)
    sku = restock_list()[0].sku
    edit(path, "Inventory", "SKU", sku.code, **{"Unit Cost": 8.4})
    signed_in.get(upload(signed_in, path))
    upload_pk = WorkbookUpload.objects.get().pk

    done = signed_in.post(reverse("web:workbook_apply", args=[upload_pk]),
                          {"digest": "not-what-was-shown"}, follow=True)  # fmt: skip

    assert "look at the changes again" in done.content.decode()
    assert Sku.objects.get(pk=sku.pk).unit_cost == sku.unit_cost


def test_deleted_rows_are_retired_only_when_ticked(shop, signed_in, tmp_path):
    path = download(signed_in, tmp_path)
    gone = restock_list()[-1].sku
    delete_row(path, "Inventory", "SKU", gone.code)
    preview = signed_in.get(upload(signed_in, path))
    assert "Also retire the 1 SKU not in the workbook" in preview.content.decode()
    upload_pk = WorkbookUpload.objects.get().pk

    signed_in.post(reverse("web:workbook_apply", args=[upload_pk]),
                   {"digest": preview.context["plan"].digest, "retire_missing": "on"})  # fmt: skip

    assert not Sku.objects.filter(pk=gone.pk, is_active=True).exists()


def test_a_file_that_is_not_a_workbook_says_so(signed_in):
    file = SimpleUploadedFile("notes.xlsx", b"just text", content_type=XLSX)
    location = signed_in.post(reverse("web:imports"), {"file": file})["Location"]

    page = signed_in.get(location).content.decode()

    assert "notes.xlsx: not a workbook that can be read" in page
