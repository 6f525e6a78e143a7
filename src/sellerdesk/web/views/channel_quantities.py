"""Channel quantities: what each listing should offer, what was published, what the channel
says, and publishing by hand for channels sellerdesk cannot reach itself."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sellerdesk.catalog.models import Listing
from sellerdesk.channels.models import SalesChannel
from sellerdesk.core import clock
from sellerdesk.core.errors import DomainError
from sellerdesk.inventory.models import ChannelBuffer
from sellerdesk.inventory.selectors import listing_quantity_list
from sellerdesk.inventory.services.publishing import record_published, set_channel_buffer

# Channels whose quantities sellerdesk sends itself (the Amazon sync); the others are
# published by the seller, from this page's file or by hand.
PUSHED = frozenset({"amazon"})


def channel_quantities_view(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("channel", "")
    rows = listing_quantity_list(channel_code=code)
    channels = list(SalesChannel.objects.filter(is_active=True).order_by("name"))
    buffers = dict(ChannelBuffer.objects.values_list("channel_id", "units"))
    return render(
        request,
        "web/inventory/channel_quantities.html",
        {
            "rows": rows,
            "channel": code,
            "channels": [(channel, buffers.get(channel.pk, 0)) for channel in channels],
            "by_hand": bool(code) and code not in PUSHED,
            "to_publish": sum(row.needs_publishing for row in rows),
            "drifting": sum(bool(row.drift) for row in rows),
        },
    )


def channel_quantities_csv_view(request: HttpRequest, code: str) -> HttpResponse:
    """The listings whose quantity changed, for the seller to set on the channel."""
    rows = [row for row in listing_quantity_list(channel_code=code) if row.needs_publishing]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-quantities.csv"'
    writer = csv.writer(response)
    writer.writerow(["SKU", "Quantity", "Was"])
    for row in rows:
        writer.writerow(
            [row.listing.channel_sku, row.to_offer, "" if row.published is None else row.published]
        )
    return response


@require_POST
def channel_quantities_publish_view(request: HttpRequest, code: str) -> HttpResponse:
    """The seller set these quantities on the channel herself."""
    if code in PUSHED:
        messages.error(request, "Amazon's quantities are sent by the sync: nothing to mark.")
        return redirect("web:channel_quantities")
    # Exactly what the seller was shown (and downloaded): a piece sold since then must stay
    # flagged, not be marked as set to a 0 the channel never heard of.
    shown = _shown(request, code)
    record_published(shown, at=clock.now())
    count = len(shown)
    messages.success(request, f"{count} listing{'s' if count != 1 else ''} marked as published.")
    return redirect(f"{reverse('web:channel_quantities')}?channel={code}")


def _shown(request: HttpRequest, code: str) -> dict[int, int]:
    listings = set(
        Listing.objects.filter(channel__code=code, fulfilled_by_channel=False).values_list(
            "pk", flat=True
        )
    )
    shown = {}
    for name, value in request.POST.items():
        key = name.removeprefix("shown_")
        if key != name and key.isdigit() and int(key) in listings and value.isdigit():
            shown[int(key)] = int(value)
    return shown


@require_POST
def channel_buffer_view(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(SalesChannel, pk=pk)
    text = request.POST.get("units", "").strip()
    try:
        if not text.isdigit():
            raise DomainError(
                f"Hold back a whole number of units from {channel.name}, not {text!r}."
            )
        set_channel_buffer(channel_id=channel.pk, units=int(text))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{channel.name}: {text} held back from every SKU.")
    return redirect("web:channel_quantities")
