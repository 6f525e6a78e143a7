"""sellerdesk's own thin client for Amazon's Selling Partner API (httpx).

tokens.py refreshes and caches Login-with-Amazon access tokens; limits.py paces each
operation at its documented rate and burst, adapting to what Amazon's responses say;
client.py sends requests with retries on throttling and server errors; operations.py holds
the operations sellerdesk uses, each a plain function of the client.
"""

from .client import SpApiClient
from .errors import SpApiError
from .tokens import LwaCredentials, TokenSource

__all__ = ["LwaCredentials", "SpApiClient", "SpApiError", "TokenSource"]
