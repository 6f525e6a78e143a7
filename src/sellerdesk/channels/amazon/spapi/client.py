"""Sending one SP-API request: pacing, the access token, retries with backoff and jitter."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import httpx

from .errors import SpApiError
from .limits import RateLimiter
from .tokens import TokenSource

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
USER_AGENT = "sellerdesk/0.1 (Language=Python)"

Params = Mapping[str, Any]


class SpApiClient:
    """Calls against one SP-API endpoint (a region's base URL, or a loopback sandbox)."""

    def __init__(
        self,
        *,
        endpoint: str,
        tokens: TokenSource,
        http: httpx.Client,
        limiter: RateLimiter | None = None,
        max_attempts: int = 5,
        backoff_s: float = 1.0,
        backoff_cap_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.tokens, self.http = tokens, http
        self.limiter = limiter or RateLimiter(sleep=sleep)
        self.max_attempts, self.backoff_s, self.backoff_cap_s = (
            max_attempts,
            backoff_s,
            backoff_cap_s,
        )
        self._sleep, self._jitter = sleep, jitter
        self.retries = 0

    def call(
        self,
        operation: str,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: object | None = None,
        idempotent: bool = True,
    ) -> dict[str, Any] | None:
        """The JSON body of Amazon's answer (None for 204); SpApiError when refused.

        A call that is not `idempotent` is retried only when throttled (429: Amazon did not
        take it); after a server error or a lost connection its outcome is unknown, so the
        error goes back to the caller, which must find out before sending it again.
        """
        query = _query(params or {})
        attempt = 0
        renewed = False
        while True:
            attempt += 1
            self.limiter.bucket(operation).take()
            try:
                response = self.http.request(
                    method,
                    f"{self.endpoint}{path}",
                    params=query,
                    json=json,
                    headers={
                        "x-amz-access-token": self.tokens.access_token(),
                        "user-agent": USER_AGENT,
                        "accept": "application/json",
                    },
                )
            except httpx.TransportError as error:
                if attempt >= self.max_attempts or not idempotent:
                    raise SpApiError(
                        operation, 0, [{"code": "Unreachable", "message": str(error)}]
                    ) from error
                self._back_off(attempt)
                continue
            self.limiter.adapt(operation, response.headers.get("x-amzn-RateLimit-Limit"))
            if response.status_code < 400:
                return (
                    None if response.status_code == 204 or not response.content else _body(response)
                )
            refusal = SpApiError(operation, response.status_code, _errors(response))
            if response.status_code in (401, 403) and not renewed and _token_rejected(refusal):
                self.tokens.invalidate()  # an access token revoked early: get a new one, once
                renewed = True
                continue
            retryable = response.status_code == 429 or (
                idempotent and response.status_code in RETRY_STATUSES
            )
            if not retryable or attempt >= self.max_attempts:
                raise refusal
            if response.status_code == 429:
                self.limiter.bucket(operation).drain()
            self._back_off(attempt)

    def pages(
        self,
        operation: str,
        path: str,
        *,
        params: Params,
        token_param: str,
        next_token: Callable[[dict[str, Any]], str | None],
    ) -> Iterator[dict[str, Any]]:
        """Every page of a paginated GET, following Amazon's next-page token."""
        query = dict(params)
        seen: set[str] = set()
        while True:
            page = self.call(operation, "GET", path, params=query) or {}
            yield page
            token = next_token(page)
            if not token:
                return
            if token in seen:  # never loop for ever on a page that points to itself
                raise SpApiError(
                    operation, 200, [{"code": "Pagination", "message": "a page token repeated"}]
                )
            seen.add(token)
            query[token_param] = token

    def _back_off(self, attempt: int) -> None:
        self.retries += 1
        delay = min(self.backoff_cap_s, self.backoff_s * 2 ** (attempt - 1))
        # Full jitter keeps many clients (or many operations) from retrying in step.
        self._sleep(delay * (0.5 + self._jitter() / 2))


def _query(params: Params) -> dict[str, str]:
    """SP-API takes arrays as comma-separated values and times in ISO 8601."""
    query = {}
    for name, value in params.items():
        if value is None:
            continue
        if isinstance(value, list | tuple):
            query[name] = ",".join(str(item) for item in value)
        elif hasattr(value, "isoformat"):
            query[name] = value.isoformat().replace("+00:00", "Z")
        else:
            query[name] = str(value)
    return query


def _body(response: httpx.Response) -> dict[str, Any]:
    value = response.json()
    return value if isinstance(value, dict) else {"payload": value}


def _errors(response: httpx.Response) -> list[dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return [{"code": f"HTTP{response.status_code}", "message": response.text[:200]}]
    errors = body.get("errors") if isinstance(body, dict) else None
    return (
        errors
        if isinstance(errors, list)
        else [{"code": f"HTTP{response.status_code}", "message": str(body)[:200]}]
    )


def _token_rejected(error: SpApiError) -> bool:
    return any(
        str(item.get("code", "")).lower() in ("unauthorized", "invalidtoken", "expiredtoken")
        or "access token" in str(item.get("message", "")).lower()
        for item in error.errors
    )
