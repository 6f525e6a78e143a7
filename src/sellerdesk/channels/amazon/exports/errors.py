from __future__ import annotations

from sellerdesk.core.errors import DomainError


class NothingToExport(DomainError):
    """No row to put in the file: nothing is made and nothing is marked."""
