"""Telling a picture from a blank one: its distinct colours, counted in the browser itself."""

from __future__ import annotations

import base64

from playwright.sync_api import Page

_COUNT = """async (source) => {
    const image = new Image();
    image.src = source;
    await image.decode();
    const canvas = new OffscreenCanvas(image.width, image.height);
    const context = canvas.getContext("2d");
    context.drawImage(image, 0, 0);
    const pixels = context.getImageData(0, 0, image.width, image.height).data;
    const seen = new Set();
    for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;  // transparent: nothing drawn there
        seen.add((pixels[i] << 16) | (pixels[i + 1] << 8) | pixels[i + 2]);
    }
    return seen.size;
}"""


def distinct_colours(page: Page, png: bytes) -> int:
    """How many colours a PNG shows: a blank or half-drawn picture has a handful."""
    return int(page.evaluate(_COUNT, "data:image/png;base64," + base64.b64encode(png).decode()))
