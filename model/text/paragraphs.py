"""Paragraphs: the unit gold files, rules and the model share.

A paragraph is one non-empty line of the source, kept byte for byte (leading spaces
included) so gold offsets index it directly; ``index`` counts non-empty lines only, as in
the gold files' ``para`` field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

_LINE = re.compile(r"[^\n\r\u2028\u2029\x85]+")


@dataclass(frozen=True)
class ParagraphSpan:
    index: int
    start: int
    end: int
    text: str


def iter_paragraphs(text: str) -> Iterator[tuple[int, int, str]]:
    """``(index, start, text)`` of each non-empty line, lazily: a 5 MB input is never copied
    into a list of paragraphs first. The one paragraph rule of the project; the other
    helpers here are built on it."""
    k = 0
    for m in _LINE.finditer(text):
        if m.group().strip():
            yield k, m.start(), m.group()
            k += 1


def split_paragraphs(text: str) -> list[ParagraphSpan]:
    """Non-empty lines of ``text`` with their offsets; whitespace-only lines are skipped."""
    return [ParagraphSpan(k, start, start + len(p), p) for k, start, p in iter_paragraphs(text)]


# A normal news paragraph is well under this; longer lines are cut (at a sentence end
# when there is one) so that normalisation maps and token lists stay small.
MAX_PIECE_CHARS = 4000
_SENTENCE_END = re.compile(r"[.!?…;][\"'”’)\]]*\s+")
_SPACE = re.compile(r"\s+")


def cut_long_line(text: str, start: int, max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """Split one paragraph into pieces of at most ``max_chars``, preferring sentence ends,
    then whitespace; yields ``(offset, piece)``. Short paragraphs come back whole."""
    pos = 0
    n = len(text)
    while n - pos > max_chars:
        window = text[pos : pos + max_chars]
        cut = 0
        for m in _SENTENCE_END.finditer(window, max_chars // 2):
            cut = m.end()
        if not cut:
            for m in _SPACE.finditer(window, max_chars // 2):
                cut = m.end()
        if not cut:  # one enormous "word": cut anywhere rather than hold it whole
            cut = max_chars
        yield start + pos, text[pos : pos + cut]
        pos += cut
    if pos < n:
        yield start + pos, text[pos:]


def iter_pieces(text: str, max_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, int, str]]:
    """``(paragraph index, offset, piece)``: every paragraph, long ones cut into pieces."""
    for index, start, ptext in iter_paragraphs(text):
        for offset, piece in cut_long_line(ptext, start, max_chars):
            yield index, offset, piece


def iter_windows(text: str, max_chars: int, piece_chars: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive runs of whole paragraphs, each at most ``max_chars``
    long (a paragraph longer than that is cut as :func:`cut_long_line` cuts it).

    For work whose memory grows with the text it sees at once (the rule engine builds a
    document view of everything it is given): a window of an article's length keeps
    document-level evidence within an article while a 5 MB input costs no more than one
    window."""
    if max_chars < piece_chars:
        raise ValueError(f"max_chars ({max_chars}) must be at least piece_chars ({piece_chars})")
    start = end = -1
    for _index, offset, piece in iter_pieces(text, piece_chars):
        if start >= 0 and offset + len(piece) - start > max_chars:
            yield start, end
            start = -1
        if start < 0:
            start = offset
        end = offset + len(piece)
    if start >= 0:
        yield start, end
