"""Offset pages whose total is counted only up to a cap, so a million-row table pages cheaply.

An exact COUNT(*) over a big filtered table costs a full scan; counting a LIMITed subquery
stops early, and "10,000+" is all a person paging through results needs to know.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

PER_PAGE = 50
COUNT_CAP = 10_000


@dataclass(frozen=True, slots=True)
class CappedPage:
    rows: list[Any]
    number: int
    per_page: int
    count: int
    """Matching rows, but never more than the cap (see `is_capped`)."""
    is_capped: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.per_page < self.count

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def last_number(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)

    @property
    def count_label(self) -> str:
        return f"{self.count:,}+" if self.is_capped else f"{self.count:,}"


def page_number(raw: object) -> int:
    """A page number from a query string: anything unusable means the first page."""
    try:
        number = int(str(raw))
    except ValueError:
        return 1
    return max(1, number)


def capped_count(queryset: QuerySet[Any], cap: int = COUNT_CAP) -> tuple[int, bool]:
    """How many rows match, counting at most cap + 1 of them; True when there are more than cap."""
    # Counting a sliced queryset makes Django count over a LIMITed subquery.
    counted = queryset.order_by().values("pk")[: cap + 1].count()
    return min(counted, cap), counted > cap


def capped_page(
    queryset: QuerySet[Any], number: object, *, per_page: int = PER_PAGE, cap: int = COUNT_CAP
) -> CappedPage:
    """One page of rows; pages past the cap stay out of reach, as do pages past the end."""
    count, is_capped = capped_count(queryset, cap)
    last = max(1, -(-count // per_page))
    current = min(page_number(number), last)
    offset = (current - 1) * per_page
    # The page's keys first, then its rows: the database sorts and skips over narrow
    # key rows, and joins (and prefetches) only the rows shown.
    keys = queryset.prefetch_related(None).values_list("pk", flat=True)
    page_keys = list(keys[offset : offset + per_page])
    rows = list(queryset.filter(pk__in=page_keys)) if page_keys else []
    return CappedPage(rows, current, per_page, count, is_capped)
