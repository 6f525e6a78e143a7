"""Errors a service raises when a use case cannot go ahead; views show their message."""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request. The message is for the seller and says how to fix it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidTransition(DomainError):
    """The object is not in a state that allows this step."""
