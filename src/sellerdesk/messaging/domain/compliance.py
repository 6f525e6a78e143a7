"""What an Amazon buyer message may not contain (amazon-rules.md section 6).

Amazon permits only messages needed to complete an order or answer the buyer: no external
links, email addresses or phone numbers in them; and a review request may neither ask for a
good review nor offer anything for one. Each problem found says what and where.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_LINK = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|co|uk|de|fr|io|shop|store|jp|es|it)\b(?:/\S*)?"
)
_EMAIL = re.compile(r"(?i)\b[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}\b")
# Seven or more digits, with the spaces, dots, dashes and brackets phone numbers are written with.
_PHONE = re.compile(r"(?<!\w)\+?\(?\d[\d\s().-]{5,}\d(?!\w)")
_INCENTIVE = re.compile(
    r"(?i)\b(coupon|discount|voucher|gift ?card|promo(?:tion)? code|free (?:gift|item|product)|"
    r"refund (?:you|for)|reimburse\w*|cash ?back|in exchange for)\b"
)
_BIASED = re.compile(
    r"(?i)\b(5|five)[- ]?stars?\b|\bpositive (?:review|feedback)\b|\bgood review\b"
)
_ORDER_ID = re.compile(r"\b\d{3}-\d{7}-\d{7}\b")


@dataclass(frozen=True)
class Problem:
    what: str
    found: str


def message_problems(text: str) -> list[Problem]:
    """What Amazon's messaging rules refuse in `text` (links, emails, phone numbers)."""
    found = []
    emails = _EMAIL.findall(text)
    found += [Problem("an email address", email) for email in emails]
    without_emails = _EMAIL.sub(" ", text)
    found += [Problem("a link", link) for link in _LINK.findall(without_emails)]
    for number in _PHONE.findall(_ORDER_ID.sub(" ", without_emails)):
        if sum(char.isdigit() for char in number) >= 7:
            found.append(Problem("a phone number", number.strip()))
    return found


def review_request_problems(text: str) -> list[Problem]:
    """The message rules, and the review policy's: no incentive, no asking for a good review."""
    found = message_problems(text)
    found += [Problem("an incentive for a review", match) for match in _INCENTIVE.findall(text)]
    found += [
        Problem("a request for a good review", match.group(0)) for match in _BIASED.finditer(text)
    ]
    return found


def describe(problems: list[Problem]) -> str:
    """One sentence for the seller: what to take out."""
    listed = "; ".join(f"{problem.what} ({problem.found!r})" for problem in problems)
    return f"Amazon does not allow {listed} in a buyer message: take it out."
