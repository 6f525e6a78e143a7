"""Which encoding an Amazon report is in, when the seller does not say.

Amazon writes UTF-8 (sometimes with a BOM), Cp1252 or ISO-8859-1 for the Americas and
Europe, and CP932 (Windows-31J) for Japan. Strict UTF-8 rarely decodes text that is
not UTF-8, so it is tried first; CP932 is chosen only when its decoding contains
Japanese script, because Cp1252 text also decodes as CP932 byte pairs.
"""

from __future__ import annotations

import codecs

KNOWN = {
    "utf-8": "utf-8",
    "utf8": "utf-8",
    "utf-8-sig": "utf-8-sig",
    "cp1252": "cp1252",
    "windows-1252": "cp1252",
    "iso-8859-1": "latin-1",
    "latin-1": "latin-1",
    "latin1": "latin-1",
    "cp932": "cp932",
    "windows-31j": "cp932",
    "shift_jis": "cp932",
    "sjis": "cp932",
}


def normalise(name: str) -> str:
    """A codec name from what a seller or a Content-Type header says; ValueError if unknown."""
    key = name.strip().lower()
    if key not in KNOWN:
        raise ValueError(
            f"unknown encoding {name!r}; use one of UTF-8, Cp1252, ISO-8859-1 or Windows-31J"
        )
    return KNOWN[key]


def _kana_count(text: str) -> int:
    # Full-width kana only: Cp1252 letters such as "é" followed by a letter decode as CP932
    # kanji, and "ß" or "°" as half-width katakana, but nothing in Cp1252 text makes kana.
    return sum(1 for char in text if "\u3040" <= char <= "\u30ff")


def _decoded(sample: bytes, codec: str, *, multibyte: bool = True) -> str | None:
    """The sample decoded, allowing for a character cut in two at its end; None if invalid."""
    try:
        return sample.decode(codec)
    except UnicodeDecodeError as error:
        cut_at_the_end = error.end >= len(sample) and error.reason in (
            "unexpected end of data",
            "incomplete multibyte sequence",
        )
        if not (multibyte and cut_at_the_end):
            return None
        complete = sample[: error.start]
    try:
        return complete.decode(codec)
    except UnicodeDecodeError:
        return None


def detect(sample: bytes) -> str:
    """The codec of a file from its first bytes (a sample may end inside a character)."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if _decoded(sample, "utf-8") is not None:
        return "utf-8"
    japanese = _decoded(sample, "cp932")
    if japanese is not None and _kana_count(japanese) >= 2:
        return "cp932"
    # Cp1252 is ISO-8859-1 with printable characters in 0x80-0x9f; five bytes it leaves
    # undefined mean the file is ISO-8859-1 (or something else entirely).
    return "cp1252" if _decoded(sample, "cp1252", multibyte=False) is not None else "latin-1"
