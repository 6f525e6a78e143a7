"""What every printed document shares: the font, paragraph styles and page sizes.

Buyers' names and gift messages come in any script, and ReportLab's built-in Helvetica covers
only Latin-1, so documents use DejaVu Sans when the system has it (Debian's fonts-dejavu-core,
which LibreOffice and Chromium pull in) or the file SELLERDESK_PDF_FONT names.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from django.conf import settings
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph

LABEL_4X6 = (4 * inch, 6 * inch)

_FONT_FILES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("dejavu/DejaVuSans.ttf", "dejavu/DejaVuSans-Bold.ttf"),
    ("truetype/dejavu/DejaVuSans.ttf", "truetype/dejavu/DejaVuSans-Bold.ttf"),
)
_FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "/Library/Fonts",
    "/opt/homebrew/share/fonts",
)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    unicode: bool
    """False when only Helvetica was found: text beyond Latin-1 prints as boxes."""


@functools.cache
def fonts() -> Fonts:
    """The document font, registered with ReportLab once per process."""
    chosen = getattr(settings, "SELLERDESK_PDF_FONT", "")
    candidates = [(Path(chosen), Path(chosen))] if chosen else []
    candidates += [
        (Path(root) / regular, Path(root) / bold)
        for root in _FONT_DIRS
        for regular, bold in _FONT_FILES
    ]
    for regular, bold in candidates:
        if regular.is_file():
            pdfmetrics.registerFont(TTFont("Doc", str(regular)))
            pdfmetrics.registerFont(TTFont("Doc-Bold", str(bold if bold.is_file() else regular)))
            return Fonts("Doc", "Doc-Bold", unicode=True)
    return Fonts("Helvetica", "Helvetica-Bold", unicode=False)


def page_size(country_code: str) -> tuple[float, float]:
    """Letter in North America, A4 elsewhere."""
    size: tuple[float, float] = LETTER if country_code.upper() in {"US", "CA", "MX"} else A4
    return size


@functools.cache
def styles() -> dict[str, ParagraphStyle]:
    font = fonts()
    body = ParagraphStyle("body", fontName=font.regular, fontSize=9.5, leading=12)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10),
        "bold": ParagraphStyle("bold", parent=body, fontName=font.bold),
        "title": ParagraphStyle("title", parent=body, fontName=font.bold, fontSize=16, leading=20),
        "heading": ParagraphStyle(
            "heading", parent=body, fontName=font.bold, fontSize=11.5, leading=15, spaceBefore=8
        ),
    }


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text: markup characters are escaped, line breaks kept."""
    return Paragraph(escape(text).replace("\n", "<br/>"), styles()[style])
