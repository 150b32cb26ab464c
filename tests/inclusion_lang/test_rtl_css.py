"""The stylesheet mirrors under dir="rtl" by itself: logical properties only, no physical left/right."""

from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[2] / "src" / "werkgeversportaal" / "static" / "css" / "app.css"
PHYSICAL = re.compile(r"(?<![\w-])(margin|padding|border)-(left|right)\b|(?<![\w-])(left|right)\s*:"
                      r"|text-align\s*:\s*(left|right)|float\s*:\s*(left|right)")


def test_stylesheet_uses_logical_properties_only() -> None:
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(encoding="utf-8"), flags=re.S)
    offending = [line.strip() for line in css.splitlines() if PHYSICAL.search(line)]
    assert offending == [], "use margin-inline-start, inset-inline-start, text-align: start, ... instead"


def test_arabic_and_tigrinya_have_fonts_and_names_are_isolated() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert ':lang(ar) { font-family: "Noto Sans Arabic"' in css
    assert ':lang(ti) { font-family: "Noto Sans Ethiopic"' in css
    assert re.search(r"bdi[^{]*\{ unicode-bidi: isolate; \}", css)
