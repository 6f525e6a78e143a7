from __future__ import annotations

from typing import Any


class SpApiError(Exception):
    """Amazon refused a request (or never answered); `errors` is Amazon's own error list."""

    def __init__(self, operation: str, status: int, errors: list[dict[str, Any]]) -> None:
        self.operation, self.status, self.errors = operation, status, errors
        details = "; ".join(
            f"{error.get('code', 'Error')}: {error.get('message', '')}".strip() for error in errors
        )
        super().__init__(f"{operation} failed with HTTP {status}: {details or 'no details'}")

    @property
    def retryable(self) -> bool:
        return self.status == 429 or self.status >= 500
