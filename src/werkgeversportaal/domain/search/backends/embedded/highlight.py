"""Highlighting: escape the original text first, then wrap matched words in <mark>.

The output is safe to render as HTML: nothing from the document reaches it unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping
from typing import Any

from ..base import MARK_CLOSE, MARK_OPEN
from .analysis import WORD, fold

__all__ = ["highlight_value"]


def _ascii_spans(lowered: str, present: Iterable[str]) -> list[tuple[int, int, str]]:
    """The WORD matches of an ASCII text that are one of the words `present` (known to be in it),
    in order: each found with str.find and kept when it is a whole word (no letter or digit either
    side), instead of a match object for every word of the text. A rejected find cannot hide a
    whole-word one starting inside it: that would have a letter or digit before it."""
    spans = []
    size = len(lowered)
    for term in present:
        length = len(term)
        start = lowered.find(term)
        while start >= 0:
            end = start + length
            if (start == 0 or not lowered[start - 1].isalnum()) and (end == size or not lowered[end].isalnum()):
                spans.append((start, end, term))
            start = lowered.find(term, end)
    spans.sort()
    return spans


def highlight_text(text: str, marks: Mapping[str, int]) -> str:
    """`marks` maps a folded word to how many of its characters to mark (0 = the whole word)."""
    if not marks:
        return html.escape(text)
    if text.isascii():
        # Folding ASCII is lower-casing, which keeps every position: find the words in one pass,
        # and most texts of a hit have no marked word at all (checked without a Python loop).
        lowered = text.lower()
        present = marks.keys() & WORD.findall(lowered)
        if not present:
            return html.escape(text)
        spans = _ascii_spans(lowered, present)
    else:
        # As iter_word_spans, without a generator and a tuple per word: only the marked words
        # become spans (each word folded on its own, as there).
        spans = [(m.start(), m.end(), word) for m in WORD.finditer(text) if (word := fold(m.group())) in marks]
    if not spans:
        return html.escape(text)
    out: list[str] = []
    position = 0
    for start, end, word in spans:
        length = marks[word]
        # Folding keeps most words the same length; when it doesn't ("ß" -> "ss"), mark all of it.
        stop = start + length if 0 < length < end - start and len(word) == end - start else end
        out.append(html.escape(text[position:start]))
        out.append(MARK_OPEN + html.escape(text[start:stop]) + MARK_CLOSE)
        position = stop
    out.append(html.escape(text[position:]))
    return "".join(out)


def highlight_value(value: Any, marks: Mapping[str, int]) -> str | list[Any] | None:
    """Strings and lists of strings are highlighted; numbers become escaped text; others are left out."""
    if isinstance(value, str):
        return highlight_text(value, marks)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return html.escape(str(value))
    if isinstance(value, list):
        return [highlight_value(item, marks) for item in value]
    return None
