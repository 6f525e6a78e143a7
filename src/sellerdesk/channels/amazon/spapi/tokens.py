"""Login with Amazon: a refresh token buys an access token for an hour; keep it until then."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from .errors import SpApiError

REFRESH_MARGIN_S = 60  # refresh a minute early: a token must not expire in flight


@dataclass(frozen=True, slots=True)
class LwaCredentials:
    client_id: str
    client_secret: str
    refresh_token: str

    def __repr__(self) -> str:  # never print secrets in logs or tracebacks
        return f"LwaCredentials(client_id={self.client_id!r}, secrets hidden)"


class TokenSource:
    """The current access token, refreshed at the token URL when it is about to expire."""

    def __init__(
        self,
        credentials: LwaCredentials,
        *,
        token_url: str,
        http: httpx.Client,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.credentials, self.token_url, self.http = credentials, token_url, http
        self._monotonic = monotonic
        self._token = ""
        self._expires_at = 0.0
        self._lock = threading.Lock()
        self.refreshes = 0

    def access_token(self) -> str:
        with self._lock:
            if not self._token or self._monotonic() >= self._expires_at:
                self._refresh()
            return self._token

    def invalidate(self) -> None:
        """Forget the token (Amazon said it is no longer valid)."""
        with self._lock:
            self._token = ""

    def _refresh(self) -> None:
        response = self.http.post(
            self.token_url,
            data={
                "grant_type": "refresh_token",
                "refresh_token": self.credentials.refresh_token,
                "client_id": self.credentials.client_id,
                "client_secret": self.credentials.client_secret,
            },
        )
        if response.status_code != 200:
            body = _json(response)
            raise SpApiError(
                "token refresh",
                response.status_code,
                [
                    {
                        "code": body.get("error", "unauthorized"),
                        "message": f"{body.get('error_description', '')} (check the client "
                        "id, client secret and refresh token in Settings)",
                    }
                ],
            )
        body = _json(response)
        self._token = str(body["access_token"])
        lifetime = float(str(body.get("expires_in", 3600)))
        self._expires_at = self._monotonic() + lifetime - REFRESH_MARGIN_S
        self.refreshes += 1


def _json(response: httpx.Response) -> dict[str, object]:
    try:
        value = response.json()
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
