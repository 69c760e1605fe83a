"""Paragraphs: the unit gold files, rules and the model share.

A paragraph is one non-empty line of the source, kept byte for byte (leading spaces
included) so gold offsets index it directly; ``index`` counts non-empty lines only, as in
the gold files' ``para`` field.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_LINE = re.compile(r"[^\n\r\u2028\u2029\x85]+")


@dataclass(frozen=True)
class ParagraphSpan:
    index: int
    start: int
    end: int
    text: str


def split_paragraphs(text: str) -> list[ParagraphSpan]:
    """Non-empty lines of ``text`` with their offsets; whitespace-only lines are skipped."""
    out = []
    for m in _LINE.finditer(text):
        if m.group().strip():
            out.append(ParagraphSpan(len(out), m.start(), m.end(), m.group()))
    return out
