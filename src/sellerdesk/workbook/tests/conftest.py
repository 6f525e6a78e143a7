import datetime as dt

import pytest

from sellerdesk.core import clock
from sellerdesk.demo.loader import load_demo

AS_OF = dt.datetime(2026, 1, 20, 12, tzinfo=dt.UTC)
FIRST, LAST = dt.date(2025, 11, 1), dt.date(2026, 1, 20)


@pytest.fixture
def demo_shop(db):
    load_demo(orders=500, seed=5, as_of=AS_OF)
    with clock.pinned(AS_OF):
        yield
