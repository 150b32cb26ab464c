"""Highlighting: escape the original text first, then wrap matched words in <mark>.

The output is safe to render as HTML: nothing from the document reaches it unescaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from ..base import MARK_CLOSE, MARK_OPEN
from .analysis import WORD, fold

__all__ = ["highlight_value"]


def _ascii_spans(lowered: str, marks: Mapping[str, int]) -> list[tuple[int, int, str]]:
    """The WORD matches of a lower-cased ASCII text that are marked, in order: each marked word in
    the text found with str.find and kept when it is a whole word (no letter or digit either side),
    instead of a match object for every word of the text. A rejected find cannot hide a whole-word
    one starting inside it: that would have a letter or digit before it."""
    # A query marks a few words (its own, their completions and near misses): look for each of
    # them; with many, first the words of the text that are marked.
    present = [t for t in marks if t in lowered] if len(marks) <= 16 else marks.keys() & WORD.findall(lowered)
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


_ASCII = frozenset(map(chr, range(128)))
_FOLDS: dict[str, str | None] = {}  # a character -> its one-character ASCII stand-in (_fold_char)


def _fold_char(ch: str) -> str | None:
    if not ch.isalnum():  # not part of a word (for WORD either): any separator will do
        return " "
    folded = fold(ch)
    return folded if len(folded) == 1 and folded.isascii() and folded.isalnum() else None


def _ascii_folded(text: str) -> str | None:
    """`text` folded into ASCII of the same length, word for word as fold() folds each word: ASCII
    lower-cased, a letter with accents as its letter ("ë" -> "e"), anything that is no letter or
    digit as a space. Folding a word is folding its characters one by one (case folding and
    decomposition work per character; the accents dropped are what decomposition adds), so the
    words are at the same places. None when a character does not fold into one ASCII letter or
    digit ("ß", Arabic)."""
    for ch in set(text).difference(_ASCII):  # mostly one or two: str.replace beats str.translate
        stand_in = _FOLDS.get(ch, "")
        if stand_in == "":
            if len(_FOLDS) > 10_000:
                _FOLDS.clear()
            stand_in = _FOLDS[ch] = _fold_char(ch)
        if stand_in is None:
            return None
        text = text.replace(ch, stand_in)
    return text.lower()


def highlight_text(text: str, marks: Mapping[str, int]) -> str:
    """`marks` maps a folded word to how many of its characters to mark (0 = the whole word)."""
    if not marks:
        return html.escape(text)
    if text.isascii():
        # Folding ASCII is lower-casing, which keeps every position.
        spans = _ascii_spans(text.lower(), marks)
    elif (lowered := _ascii_folded(text)) is not None:
        # Folded character by character into ASCII of the same length ("In Syrië ..."): as above.
        spans = _ascii_spans(lowered, marks)
    else:
        # As iter_word_spans: each word folded on its own (ASCII words by lower-casing, which is
        # their folding); only the marked words become spans.
        folded = [word.lower() if word.isascii() else fold(word) for word in WORD.findall(text)]
        present = marks.keys() & folded
        if not present:
            return html.escape(text)
        spans = [(m.start(), m.end(), word) for m, word in zip(WORD.finditer(text), folded, strict=True)
                 if word in present]
    if not spans:
        return html.escape(text)
    # Nothing to escape in the text (escaping only lengthens): then nothing in its pieces either.
    plain = len(html.escape(text)) == len(text)
    out: list[str] = []
    position = 0
    for start, end, word in spans:
        length = marks[word]
        # Folding keeps most words the same length; when it doesn't ("ß" -> "ss"), mark all of it.
        stop = start + length if 0 < length < end - start and len(word) == end - start else end
        if plain:
            out += (text[position:start], MARK_OPEN, text[start:stop], MARK_CLOSE)
        else:
            out += (html.escape(text[position:start]), MARK_OPEN, html.escape(text[start:stop]), MARK_CLOSE)
        position = stop
    out.append(text[position:] if plain else html.escape(text[position:]))
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
