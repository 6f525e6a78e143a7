"""A return's steps, and which step may follow which.

requested -> authorised (or rejected) -> label issued -> in transit -> received -> inspected
-> disposed -> refunded -> closed. Steps may be skipped where the world skips them: a buyer
ships with her own label and none is issued; a parcel arrives with no tracking seen; a parcel
arrives with no request at all; a returnless refund never travels. Each refusal says what the
return is and what must come first.
"""

from __future__ import annotations

REQUESTED = "requested"
AUTHORISED = "authorised"
REJECTED = "rejected"
LABEL_ISSUED = "label_issued"
IN_TRANSIT = "in_transit"
RECEIVED = "received"
INSPECTED = "inspected"
DISPOSED = "disposed"
REFUNDED = "refunded"
CLOSED = "closed"

LABELS = {
    REQUESTED: "requested",
    AUTHORISED: "authorised",
    REJECTED: "rejected",
    LABEL_ISSUED: "sent a return label",
    IN_TRANSIT: "on its way back",
    RECEIVED: "received",
    INSPECTED: "inspected",
    DISPOSED: "put away or written off",
    REFUNDED: "refunded",
    CLOSED: "closed",
}

# Where each step may lead. Refunding is possible once the units are back and sorted out,
# or before they are (a returnless refund, a refund at the carrier's first scan); closing
# follows a refund or a rejection.
NEXT: dict[str, frozenset[str]] = {
    REQUESTED: frozenset({AUTHORISED, REJECTED}),
    AUTHORISED: frozenset({LABEL_ISSUED, IN_TRANSIT, RECEIVED, REFUNDED}),
    REJECTED: frozenset({AUTHORISED, CLOSED}),
    LABEL_ISSUED: frozenset({IN_TRANSIT, RECEIVED, REFUNDED}),
    IN_TRANSIT: frozenset({RECEIVED, REFUNDED}),
    RECEIVED: frozenset({INSPECTED}),
    INSPECTED: frozenset({DISPOSED}),
    DISPOSED: frozenset({REFUNDED, CLOSED}),
    # Refunded before the parcel is back (returnless, or Amazon's refund at first scan): it
    # may still arrive, be inspected and put away.
    REFUNDED: frozenset({RECEIVED, CLOSED}),
    CLOSED: frozenset(),
}
ORDER = list(NEXT)


class InvalidReturnStep(ValueError):
    """A step the return is not ready for, with what must happen first."""


def check_step(current: str, wanted: str) -> None:
    """Nothing if `wanted` may follow `current`; else InvalidReturnStep saying why."""
    if wanted in NEXT[current]:
        return
    if current == CLOSED:
        raise InvalidReturnStep("The return is closed: open a new one for anything more.")
    if wanted == current:
        raise InvalidReturnStep(f"The return is already {LABELS[current]}.")
    before = [step for step in ORDER if wanted in NEXT[step]]
    firsts = " or ".join(LABELS[step] for step in before) or "nothing"
    raise InvalidReturnStep(
        f"A return that is {LABELS[current]} cannot be {LABELS[wanted]}: it must first be {firsts}."
    )


def is_open(status: str) -> bool:
    return status not in (REJECTED, CLOSED)
