"""Reading back a PDF we made, as a person or a scanner would: each page's text, and the
barcodes found on each page rendered at a label printer's resolution."""

from __future__ import annotations

import pypdfium2 as pdfium
import zxingcpp

PRINTER_DPI = 203  # a thermal label printer; office printers do better


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page, in page order."""
    document = pdfium.PdfDocument(content)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def pdf_barcodes(content: bytes, dpi: int = PRINTER_DPI) -> list[list[tuple[str, str]]]:
    """(format, text) of each barcode found on each page."""
    document = pdfium.PdfDocument(content)
    try:
        found = []
        for page in document:
            image = page.render(scale=dpi / 72).to_pil()
            found.append(
                [(result.format.name, result.text) for result in zxingcpp.read_barcodes(image)]
            )
        return found
    finally:
        document.close()


def pdf_image_count(content: bytes) -> list[int]:
    """How many images each page draws (a logo, say)."""
    document = pdfium.PdfDocument(content)
    try:
        return [
            sum(1 for _ in page.get_objects(filter=[pdfium.raw.FPDF_PAGEOBJ_IMAGE]))
            for page in document
        ]
    finally:
        document.close()
