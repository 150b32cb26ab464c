"""Pages keep to the Content-Security-Policy: no inline scripts, styles or event handlers."""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def page_templates() -> list[Path]:
    return [p for p in TEMPLATES.rglob("*.html") if "email" not in p.parts]


def test_no_inline_script_style_or_handlers() -> None:
    problems = []
    for path in page_templates():
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            problems.append(f"{path.name}: inline <script> {match.group(0)}")
        if re.search(r"\sstyle=", text) or "<style" in text:
            problems.append(f"{path.name}: inline style")
        if re.search(r"\son[a-z]+=", text):
            problems.append(f"{path.name}: inline event handler")
    assert problems == []


def test_every_page_has_a_title_block_and_uses_a_layout() -> None:
    for path in page_templates():
        text = path.read_text()
        partial = path.name.startswith(("fragment_", "_")) or path.name == "base.html"
        if partial or path.parent.name in {"layouts", "macros"}:
            continue
        assert '{% extends "layouts/' in text, f"{path} should extend a layout"
        assert "{% block title %}" in text, f"{path} has no title"
        title = text.split("{% block title %}", 1)[1].split("{% endblock %}", 1)[0]
        assert "<" not in title, f"{path}: markup inside the page title"
