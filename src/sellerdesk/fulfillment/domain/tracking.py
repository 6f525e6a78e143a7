"""Carrier tracking numbers checked by form and check digit (amazon-rules.md section 8).

A number with a check digit that does not add up was mistyped: Amazon counts a shipment
whose tracking never gets a carrier scan against the Valid Tracking Rate, so a wrong number
is refused here, with what is wrong, before it is sent. These are form checks only: a
number that passes may still never be scanned. Carriers without a known form take the
explicit "other carrier" path (OTHER), where the number is kept as given.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

UPS, USPS, FEDEX, DHL, ROYAL_MAIL, AMAZON, OTHER = (
    "UPS",
    "USPS",
    "FedEx",
    "DHL",
    "Royal Mail",
    "Amazon Logistics",
    "Other",
)
CARRIERS = (UPS, USPS, FEDEX, DHL, ROYAL_MAIL, AMAZON)
"""The carriers whose numbers are checked; any other goes as OTHER, unchecked."""


class InvalidTracking(ValueError):
    """A tracking number refused: the message says what is wrong and what was expected."""


class MissingCarrierName(InvalidTracking):
    """Another carrier, not named."""


@dataclass(frozen=True)
class TrackingFormat:
    carrier: str
    name: str
    pattern: re.Pattern[str]
    described: str
    """The form in words, for the message when a number does not have it."""
    check: Callable[[str], int | None] | None = None
    """The check digit the rest of the number calls for (None: no check digit)."""
    check_at: int = -1
    """Where the check digit is: last, but before the country in a UPU S10 number."""

    def expected_digit(self, number: str) -> int | None:
        return None if self.check is None else self.check(number)

    def check_digit(self, number: str) -> str:
        return number[self.check_at]


@dataclass(frozen=True)
class Tracking:
    """A tracking number that passed: as it is sent to the channel."""

    number: str
    carrier: str
    format: str


def normalise(text: str) -> str:
    """The number as carriers print it for machines: no spaces, upper case."""
    return "".join(text.split()).upper()


def _weighted(digits: str, even: int, odd: int) -> int:
    """mod10(w_even, w_odd): weights by 0-based index from the left, no digit folding."""
    return sum(int(digit) * (even if index % 2 == 0 else odd) for index, digit in enumerate(digits))


def _tens(total: int) -> int:
    return (10 - total % 10) % 10


def _ups(number: str) -> int:
    # Letters count as (ASCII - 3) mod 10: A=2 ... H=9, I=0, J=1 ... Z=7.
    values = "".join(str((ord(char) - 3) % 10) if char.isalpha() else char for char in number[2:17])
    return _tens(_weighted(values, 1, 2))


def _usps20(number: str) -> int:
    return _tens(_weighted(number[:19], 3, 1))


def _impb_data(number: str) -> str:
    """An IMpb number without its 420+ZIP routing prefix (8 or 12 digits) when it has one."""
    if len(number) == 30:
        return number[8:]
    if len(number) == 34:
        return number[12:]
    return number


def _impb(number: str) -> int:
    data = _impb_data(number)[:-1]
    # Weight 3 on the rightmost data digit, then 1, 3, ... leftward.
    return _tens(
        sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(data)))
    )


def _fedex12(number: str) -> int:
    weights = (3, 1, 7)
    return sum(int(digit) * weights[index % 3] for index, digit in enumerate(number[:11])) % 11 % 10


def _fedex15(number: str) -> int:
    return _tens(_weighted(number[:14], 1, 3))


def _fedex96(number: str) -> int:
    return _tens(_weighted(number[7:21], 1, 3))


def _fedex34(number: str) -> int:
    weights = (1, 7, 3)
    serial = number[20:33]
    return sum(int(digit) * weights[index % 3] for index, digit in enumerate(serial)) % 11 % 10


def _dhl_express(number: str) -> int:
    return int(number[:-1]) % 7


def _s10(number: str) -> int:
    weights = (8, 6, 4, 2, 3, 5, 9, 7)
    remainder = (
        sum(int(digit) * weight for digit, weight in zip(number[2:10], weights, strict=True)) % 11
    )
    return 5 if remainder == 0 else 0 if remainder == 1 else 11 - remainder


def _format(
    carrier: str,
    name: str,
    pattern: str,
    described: str,
    check: Callable[[str], int | None] | None = None,
    check_at: int = -1,
) -> TrackingFormat:
    return TrackingFormat(carrier, name, re.compile(pattern), described, check, check_at)


FORMATS = (
    _format(UPS, "UPS", r"1Z[0-9A-Z]{16}", "1Z and 16 letters or digits", _ups),
    _format(USPS, "USPS 20-digit", r"[0-9]{20}", "20 digits", _usps20),
    _format(
        USPS,
        "USPS IMpb",
        r"(420[0-9]{5}|420[0-9]{9})?9[2-5][0-9]{20}",
        "22 digits starting 92 to 95, maybe after 420 and the ZIP code",
        _impb,
    ),
    _format(USPS, "UPU S10 (USPS)", r"[A-Z]{2}[0-9]{9}US", "2 letters, 9 digits, US", _s10, -3),
    _format(FEDEX, "FedEx Express 12", r"[0-9]{12}", "12 digits", _fedex12),
    _format(FEDEX, "FedEx Ground 15", r"[0-9]{15}", "15 digits", _fedex15),
    _format(FEDEX, "FedEx Ground 96", r"96[0-9]{20}", "22 digits starting 96", _fedex96),
    _format(FEDEX, "FedEx 34", r"[0-9]{34}", "34 digits", _fedex34),
    _format(DHL, "DHL Express", r"[0-9]{10,11}", "10 or 11 digits", _dhl_express),
    _format(
        DHL,
        "DHL eCommerce",
        # The prefixes of the section's source (jkeen/tracking_number_data dhl.json), digits
        # after them: with letters allowed, UPU S10 numbers (LX..., RX...GB) would pass here
        # without their check digit.
        r"(GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)[0-9]{10,39}|[0-9]{14}",
        "GM, LX, RX, UV, CN, SG, TH, IN, HK or MY and 10 to 39 digits, or 14 digits",
    ),
    _format(
        ROYAL_MAIL,
        "Royal Mail (UPU S10)",
        r"[A-Z]{2}[0-9]{9}GB",
        "2 letters, 9 digits, GB",
        _s10,
        -3,
    ),
    _format(AMAZON, "Amazon Logistics", r"TB[ACM][0-9]{12}", "TBA, TBC or TBM and 12 digits"),
)


def _passes(form: TrackingFormat, number: str) -> bool:
    if not form.pattern.fullmatch(number):
        return False
    expected = form.expected_digit(number)
    return expected is None or form.check_digit(number) == str(expected)


def with_check_digit(form_name: str, number: str) -> str:
    """`number` with the digit at its form's check position set right: for made-up numbers
    (the demo shop) that must pass as real ones."""
    form = next(form for form in FORMATS if form.name == form_name)
    digit = form.expected_digit(number)
    if digit is None:
        return number
    at = form.check_at % len(number)
    return f"{number[:at]}{digit}{number[at + 1 :]}"


def identify(text: str) -> list[Tracking]:
    """Every carrier format a number passes, form and check digit: most numbers pass one."""
    number = normalise(text)
    return [Tracking(number, form.carrier, form.name) for form in FORMATS if _passes(form, number)]


def check_tracking(text: str, carrier: str) -> Tracking:
    """The number checked for `carrier`; InvalidTracking says what is wrong.

    OTHER takes any number as given: a carrier without a known form or check digit.
    """
    number = normalise(text)
    if not number:
        raise InvalidTracking("the tracking number is empty")
    if carrier == OTHER:
        return Tracking(number, OTHER, "unchecked")
    if carrier not in CARRIERS:
        raise InvalidTracking(
            f"{carrier!r} is not a carrier sellerdesk checks; choose one of "
            f"{', '.join(CARRIERS)}, or Other carrier to send the number unchecked"
        )
    forms = [form for form in FORMATS if form.carrier == carrier]
    for form in forms:
        if _passes(form, number):
            return Tracking(number, carrier, form.name)
    elsewhere = [found.format for found in identify(number)]
    hint = f"; it reads as a {' or '.join(elsewhere)} number" if elsewhere else ""
    shaped = [form for form in forms if form.pattern.fullmatch(number)]
    if shaped:
        form = shaped[0]
        # A number of the same length may be another carrier's (IMpb and FedEx 34): say so
        # rather than call a right number mistyped.
        raise InvalidTracking(
            f"{number} has the form of a {form.name} number but its check digit is "
            f"{form.check_digit(number)}, where the rest of the number calls for "
            f"{form.expected_digit(number)}"
            + (hint if elsewhere else ": a digit was mistyped; copy it from the label again")
        )
    raise InvalidTracking(
        f"{number} is not a {carrier} tracking number: expected "
        + "; or ".join(form.described for form in forms)
        + hint
    )


_TRACKING_PAGES = {
    UPS: "https://www.ups.com/track?tracknum={}",
    USPS: "https://tools.usps.com/go/TrackConfirmAction?tLabels={}",
    FEDEX: "https://www.fedex.com/fedextrack/?trknbr={}",
    DHL: "https://www.dhl.com/global-en/home/tracking/tracking-express.html?submit=1&tracking-id={}",
    ROYAL_MAIL: "https://www.royalmail.com/track-your-item#/tracking-results/{}",
    AMAZON: "https://track.amazon.com/tracking/{}",
}


def tracking_url(carrier: str, number: str) -> str:
    """The carrier's own tracking page for the number, or "" for a carrier we do not know."""
    page = _TRACKING_PAGES.get(carrier)
    number = normalise(number)
    return page.format(number) if page and number.isalnum() else ""


def label_tracking(
    carrier: str, carrier_name: str, number: str, *, issued: bool = False
) -> tuple[str, str]:
    """(carrier as stored, number as carriers print it) for a parcel's label.

    Another carrier must be named. A number a carrier or channel issued is kept as issued (a
    valid number of a form not known here must not be refused after paying for it); any
    other is checked by its carrier's form and check digit.
    """
    if carrier == OTHER and not carrier_name.strip():
        raise MissingCarrierName("name the carrier (for example Evri or Canada Post)")
    stored = carrier_name.strip() if carrier == OTHER else carrier
    if issued:
        return stored, normalise(number)
    return stored, check_tracking(number, carrier).number
