"""Focus mode: tag entities only around the words that make an official.

The rule engine is the cost of reading a corpus (about 20,000 characters a second on one
core). A record needs a post or a rank word, and every part of it stands within a
sentence of that word, so over a corpus only the text within ``focus_window_chars`` of
such a word is tagged (about 30 % of police news). The exception is the elided agency
(``Giám đốc Công an tỉnh``), whose full name may be anywhere in the article: it is
looked for among the windows' agencies, and an article where it is not found there is
read again in full. Windows end on whitespace, so no word is cut.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from model.entity import Entity
from model.text import normalize

from .lexicon import LEXICON, load_posts


@lru_cache(maxsize=2)
def window_chars(path: str | None = None) -> int:
    raw = yaml.safe_load(Path(path or LEXICON).read_text(encoding="utf-8")) or {}
    value = raw.get("focus_window_chars", 300)
    if not isinstance(value, int) or value < 50:
        raise ValueError(f"{path or LEXICON}: focus_window_chars must be an integer >= 50, not {value!r}")
    return value


@lru_cache(maxsize=1)
def cue_pattern() -> re.Pattern:
    """Post and rank words, longest first, on normalised text, any letter case."""
    from model.rules.lexicon import load_lexicon

    lex = load_posts()
    words = {" ".join(k) for k in lex.posts} | {normalize(r).text.lower() for r in load_lexicon("ranks")}
    alts = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def windows(text: str, width: int | None = None) -> list[tuple[int, int]]:
    """Merged ``[start, end)`` ranges of ``text`` around each cue, widened to whitespace."""
    width = width or window_chars()
    nt = normalize(text)
    spans = []
    for m in cue_pattern().finditer(nt.text):
        s, e = nt.to_original(m.start(), m.end())
        a, b = max(0, s - width), min(len(text), e + width)
        while a > 0 and not text[a - 1].isspace():
            a -= 1
        while b < len(text) and not text[b].isspace():
            b += 1
        spans.append((a, b))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def focused_entities(text: str, annotate) -> list[Entity]:
    """``annotate(piece) -> entities`` run on each window; entities shifted to ``text``."""
    out: list[Entity] = []
    for a, b in windows(text):
        for e in annotate(text[a:b]):
            out.append(Entity(e.start + a, e.end + a, e.label, text[e.start + a:e.end + a], e.score))
    return out
