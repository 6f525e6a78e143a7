"""Scan to verify: each scanned code ticks off one unit of the order, or is flagged.

A USB scanner types the code and Enter. A code matches a line by the SKU, its barcode, the
channel's SKU or the ASIN. Barcodes are compared as GTINs, so the same product's UPC-A and
EAN-13 (which adds a leading zero) match each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

GTIN_LENGTHS = {8, 12, 13, 14}


def code_key(code: str) -> str:
    """A code as compared: no spaces, upper case; a GTIN of any length as its 14 digits."""
    text = "".join(code.split()).upper()
    return text.zfill(14) if text.isdigit() and len(text) in GTIN_LENGTHS else text


@dataclass(frozen=True, slots=True)
class PackLine:
    line_id: int
    sku: str
    codes: frozenset[str]
    """Every key (code_key) that names this line's item."""
    to_pack: int
    scanned: int
    title: str = ""
    notes: tuple[str, ...] = ()
    """What to check in the parcel: the engraving, the gift message."""

    @property
    def done(self) -> bool:
        return self.scanned >= self.to_pack


def pack_line(
    line_id: int,
    sku: str,
    codes: Iterable[str],
    to_pack: int,
    scanned: int,
    title: str = "",
    notes: Iterable[str] = (),
) -> PackLine:
    keys = frozenset(code_key(code) for code in codes if code.strip())
    kept = tuple(note for note in notes if note)
    return PackLine(line_id, sku, keys, to_pack, scanned, title, kept)


@dataclass(frozen=True, slots=True)
class Scan:
    line_id: int | None
    """The line a unit was ticked off on; None when the scan was refused."""
    message: str


def scan(code: str, lines: Sequence[PackLine]) -> Scan:
    key = code_key(code)
    if not key:
        return Scan(None, "Nothing was scanned.")
    matching = [line for line in lines if key in line.codes]
    if not matching:
        return Scan(None, f"Wrong item: {code.strip()} is not in this order. Put it back.")
    for line in matching:
        if not line.done:
            return Scan(line.line_id, f"{line.sku}: {line.scanned + 1} of {line.to_pack}")
    line = matching[0]
    return Scan(None, f"One too many: all {line.to_pack} of {line.sku} are already scanned.")


def is_complete(lines: Sequence[PackLine]) -> bool:
    return bool(lines) and all(line.done for line in lines)


def unscanned(lines: Sequence[PackLine], quantities: dict[int, int]) -> list[str]:
    """ "SKU (n of m scanned)" for each line with fewer units scanned than are to be shipped."""
    return [
        f"{line.sku} ({min(line.scanned, quantities[line.line_id])} of "
        f"{quantities[line.line_id]} scanned)"
        for line in lines
        if quantities.get(line.line_id, 0) > line.scanned
    ]
