"""Template filters for the inbox's 24-hour clock."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.filter
def span(value: dt.timedelta | None) -> str:
    """A length of time as people say it on a clock: "3 h 20 min", "1 d 4 h", "12 min"."""
    if value is None:
        return ""
    minutes = max(int(abs(value.total_seconds()) // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"
