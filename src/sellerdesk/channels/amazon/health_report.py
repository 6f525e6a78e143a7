"""Amazon's account-health report (GET_V2_SELLER_PERFORMANCE_REPORT, JSON) as figures to set
beside sellerdesk's own. Read leniently: Amazon's example and its schema name some blocks
differently (prefulfillmentCancelRate, preFulfillmentCancellationRate), counts are missing
from some, and dates come with or without seconds. A value of the wrong form is refused
with where it is in the file."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from sellerdesk.channels.models import Marketplace
from sellerdesk.core.errors import DomainError
from sellerdesk.metrics.domain.policy import DEFAULTS, Metric
from sellerdesk.metrics.services import ReportedFigure

# block name: (metric, numerator key, denominator key); the first key present is used.
_BLOCKS: dict[str, tuple[Metric | None, tuple[str, ...], tuple[str, ...]]] = {
    "lateShipmentRate": (None, ("lateShipmentCount", "defectsCount"), ("orderCount",)),
    "preFulfillmentCancellationRate": (
        Metric.CANCELLATION_RATE, ("cancellationCount", "defectsCount"), ("orderCount",),
    ),
    "prefulfillmentCancelRate": (
        Metric.CANCELLATION_RATE, ("cancellationCount", "defectsCount"), ("orderCount",),
    ),
    "validTrackingRate": (
        Metric.VALID_TRACKING_RATE, ("validTrackingCount",), ("shipmentCount",),
    ),
    "unitOnTimeDeliveryRate": (
        Metric.ON_TIME_DELIVERY_RATE, ("unitOnTimeDeliveryCount",), ("totalUnitCount",),
    ),
}  # fmt: skip
LSR_SHORT_WINDOW_DAYS = 10


def is_health_report(start: bytes) -> bool:
    """JSON, not a tab-separated report: the first thing in the file is an object."""
    return start.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{")


def read_health_report(
    content: bytes, *, file: str, marketplace: str | None = None
) -> list[ReportedFigure]:
    try:
        # Numbers as written: rates to ten places, never through a float.
        report = json.loads(content.decode("utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError(f"not readable as Amazon's account-health report ({error})") from None
    if not isinstance(report, dict) or not isinstance(report.get("performanceMetrics"), list):
        raise DomainError(
            "no performanceMetrics list: expected the JSON of Amazon's "
            "GET_V2_SELLER_PERFORMANCE_REPORT"
        )
    codes = dict(
        Marketplace.objects.filter(channel__code="amazon").values_list("external_id", "code")
    )
    statuses = report.get("accountStatuses") or []
    only = statuses[0].get("marketplaceId") if len(statuses) == 1 else None
    figures: list[ReportedFigure] = []
    for index, block in enumerate(report["performanceMetrics"]):
        where = f"performanceMetrics[{index}]"
        market_id = block.get("marketplaceId") or only
        code = codes.get(market_id) if market_id else (marketplace or "").upper() or None
        if code is None:
            raise DomainError(
                f"{where}: marketplace {market_id or '(none given)'} is not one sellerdesk "
                "knows; say which it is: sellerdesk import FILE --marketplace US, or the "
                "marketplace on the Imports page"
            )
        figures += _figures(block, code, where, _latest_day(block, where))
    return figures


def _figures(
    block: Mapping[str, Any], market: str, where: str, latest: dt.date | None
) -> list[ReportedFigure]:
    figures = []
    defects = block.get("orderDefectRate") or {}
    for channel, fulfillment in (("mfn", "seller"), ("afn", "amazon")):
        part = defects.get(channel)
        if part:
            path = f"{where}.orderDefectRate.{channel}"
            numerator = _count((part.get("orderWithDefects") or {}).get("count"), path)
            figures.append(
                _figure(part, market, fulfillment, Metric.ORDER_DEFECT_RATE, path, numerator,
                        _count(part.get("orderCount"), path), latest)
            )  # fmt: skip
    for name, (metric, numerators, denominators) in _BLOCKS.items():
        part = block.get(name)
        if not part:
            continue
        path = f"{where}.{name}"
        numerator = _count(_first(part, numerators), f"{path}.{numerators[0]}")
        denominator = _count(_first(part, denominators), f"{path}.{denominators[0]}")
        chosen = metric or _late_shipment_window(part, path, latest)
        figures.append(
            _figure(part, market, "seller", chosen, path, numerator, denominator, latest)
        )
    return figures


def _figure(
    part: Mapping[str, Any], market: str, fulfillment: str, metric: Metric, path: str,
    numerator: int | None, denominator: int | None, latest: dt.date | None,
) -> ReportedFigure:  # fmt: skip
    given = stated = _range(part, path)
    if given is None:
        # Amazon's short sample gives some blocks no dates: Amazon's window for the metric,
        # ending on the report's latest day, stated as assumed.
        if latest is None:
            raise DomainError(f"{path}: no reportingDateRange, and none elsewhere in the report")
        default = DEFAULTS[metric]
        last = latest - dt.timedelta(days=default.offset_days)
        given = (last - dt.timedelta(days=default.days - 1), last)
    return ReportedFigure(
        market, fulfillment, metric, given[0], given[1], numerator, denominator,
        _decimal(part.get("rate"), f"{path}.rate"), str(part.get("status") or ""),
        _decimal(part.get("targetValue"), f"{path}.targetValue"),
        window_given=stated is not None,
    )  # fmt: skip


def _late_shipment_window(part: Mapping[str, Any], path: str, latest: dt.date | None) -> Metric:
    given = _range(part, path)
    short = given is not None and (given[1] - given[0]).days + 1 <= LSR_SHORT_WINDOW_DAYS
    return Metric.LATE_SHIPMENT_RATE_10 if short else Metric.LATE_SHIPMENT_RATE_30


def _latest_day(block: Mapping[str, Any], where: str) -> dt.date | None:
    """The latest reportingDateTo anywhere in a marketplace's block."""
    found = []
    for name, part in block.items():
        if isinstance(part, dict):
            given = _range(part, f"{where}.{name}")
            if given is not None:
                found.append(given[1])
    return max(found, default=None)


def _range(part: Mapping[str, Any], path: str) -> tuple[dt.date, dt.date] | None:
    dates = part.get("reportingDateRange")
    if dates is None:
        return None
    return (
        _day(dates.get("reportingDateFrom"), f"{path}.reportingDateRange.reportingDateFrom"),
        _day(dates.get("reportingDateTo"), f"{path}.reportingDateRange.reportingDateTo"),
    )


def _day(value: Any, path: str) -> dt.date:
    try:
        return dt.datetime.fromisoformat(str(value)).astimezone(dt.UTC).date()
    except ValueError:
        raise DomainError(
            f"{path}: {value!r} is not a date: expected UTC, e.g. 2020-10-21T00:00:00Z"
        ) from None


def _first(part: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    return next((part[key] for key in keys if part.get(key) is not None), None)


def _count(value: Any, path: str) -> int | None:
    if value is None:
        return None
    whole = isinstance(value, int | Decimal) and not isinstance(value, bool) and value == int(value)
    if not whole or value < 0:
        raise DomainError(f"{path}: {_shown(value)} is not a count: expected a whole number")
    return int(value)


def _decimal(value: Any, path: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | Decimal):
        raise DomainError(f"{path}: {_shown(value)} is not a number: expected e.g. 0.0125")
    return Decimal(value)


def _shown(value: Any) -> str:
    """A value as the file has it: quoted when it is text."""
    return repr(value) if isinstance(value, str) else str(value)
