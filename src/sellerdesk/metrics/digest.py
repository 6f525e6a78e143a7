"""The daily early-warning email: the same warnings as Home, and any metric not passing."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail

from .domain.rates import Status
from .selectors.summary import metric_summary, policy_list, scope_list
from .selectors.warnings import early_warnings


def warning_digest(*, now: dt.datetime) -> str:
    """The email's text; empty when there is nothing to warn of."""
    lines = []
    policies = policy_list()
    for scope in scope_list():
        for result in metric_summary(scope, now.date(), policies):
            if result.rate.status in (Status.FAIL, Status.AT_RISK):
                lines.append(
                    f"{scope}: {result.policy.name} is {result.shown} "
                    f"({result.rate.status}; target {result.policy.target.describe()})"
                )
    warnings = early_warnings(now=now)
    for outlook in warnings.late_shipments:
        if outlook.worrying:
            lines.append(
                f"{outlook.scope}: {outlook.name} {outlook.now} now, {outlook.if_missed} if the "
                f"{outlook.due} order(s) due by tonight miss their ship-by; "
                f"{outlook.more_to_fail} more late order(s) fail it"
            )
    lines += [
        f"Order {s.order.external_id}: no carrier scan since the channel was told "
        f"({s.carrier} {s.tracking_number})"
        for s in warnings.unscanned
    ]
    lines += [
        f"Order {s.order.external_id}: shipped {s.shipped_at:%d %b %H:%M} UTC, the channel "
        "does not have its tracking yet"
        for s in warnings.untold
    ]
    return "\n".join(f"- {line}" for line in lines)


def send_warning_digest(*, to: str, now: dt.datetime) -> bool:
    """Email the digest when there is something in it; returns whether it was sent."""
    text = warning_digest(now=now)
    if not text:
        return False
    send_mail(
        subject=f"sellerdesk: account health warnings for {now:%d %b %Y}",
        message=f"What needs you today:\n\n{text}\n",
        from_email=None,
        recipient_list=[to],
    )
    return True
