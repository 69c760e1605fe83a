"""Gold paragraphs that stress offsets, for the review-loop tests.

The seeds gold is NFC with no astral characters, so a round trip over it alone would not
catch a tool or converter that counts UTF-16 units or normalises text. ``hard_gold``
rewrites the seeds: a third of the paragraphs in NFD, a third with emoji (one a ZWJ
sequence) before and between entities, a third with HTML entities and a zero-width
space, recomputing every span so it still covers the same mention.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from train.corpus.gold import GoldParagraph, load_gold

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "data" / "gold" / "seeds.gold.jsonl"


def _pieces(gp: GoldParagraph):
    """Alternating (text, label-or-None) pieces of a paragraph."""
    out, pos = [], 0
    for s, e, lab in gp.entities:
        out.append((gp.text[pos:s], None))
        out.append((gp.text[s:e], lab))
        pos = e
    out.append((gp.text[pos:], None))
    return out


def transform(gp: GoldParagraph, kind: int) -> GoldParagraph:
    pieces = _pieces(gp)
    new = []
    for k, (t, lab) in enumerate(pieces):
        if kind == 0:
            t = unicodedata.normalize("NFD", t)
        elif lab is None and kind == 1:
            t = ("🚔 " if k == 0 else "") + t + (" 👮‍♂️ " if k == 2 else "")
        elif lab is None and kind == 2:
            t = ("&amp; " if k == 0 else "") + t + (" &quot;\u200b" if k == 2 else "")
        new.append((t, lab))
    text, ents, pos = "", [], 0
    for t, lab in new:
        if lab is not None:
            ents.append((pos, pos + len(t), lab))
        text += t
        pos += len(t)
    return GoldParagraph(gp.doc, gp.para, text, ents)


def hard_gold() -> list[GoldParagraph]:
    out = [transform(gp, i % 3) for i, gp in enumerate(load_gold(SEEDS))]
    for gp, orig in zip(out, load_gold(SEEDS)):  # same mentions, modulo normalisation
        assert [unicodedata.normalize("NFC", gp.text[s:e]) for s, e, _ in gp.entities] == \
               [orig.text[s:e] for s, e, _ in orig.entities]
    return out
