"""Compare the word segmenters on the bundled seed articles: speed and sense.

Prints a table (characters/s, words, multi-syllable words) and, for each segmenter, how
many gold PERSON/LOCATION/AGENCY spans it cuts through (a word that straddles a gold
span boundary is an error the NER model cannot undo). This is why ``underthesea`` is the
default: it keeps names whole more often, at a speed far above what the transformer
consumes.

    python scripts/compare_segmenters.py
"""
from __future__ import annotations

import glob
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from model.document import make_document  # noqa: E402
from model.text.wordseg import SEGMENTERS, get_segmenter  # noqa: E402
from train.corpus.gold import load_gold  # noqa: E402

ROOT = os.path.join(os.path.dirname(__file__), "..")


def main() -> None:
    files = sorted(glob.glob(os.path.join(ROOT, "data", "raw", "*.txt")))
    docs = [make_document(open(f, encoding="utf-8").read(), os.path.basename(f)[:-4]) for f in files]
    gold = {(g.doc, g.para): g.entities for g in load_gold(os.path.join(ROOT, "data", "gold", "seeds.gold.jsonl"))}
    n_chars = sum(len(d.text) for d in docs)
    print(f"{'segmenter':<12} {'chars/s':>10} {'words':>7} {'multi-syl':>9} {'spans cut':>9}")
    for name in sorted(SEGMENTERS):
        try:
            seg = get_segmenter(name)
        except ImportError as exc:
            print(f"{name:<12} unavailable: {exc}")
            continue
        seg.segment(docs[0].paragraphs[0].tokens)  # warm-up (model loading)
        t0 = time.perf_counter()
        groups = {(d.doc_id, p.index): seg.segment(p.tokens) for d in docs for p in d.paragraphs}
        dt = time.perf_counter() - t0
        words = sum(len(g) for g in groups.values())
        multi = sum(1 for g in groups.values() for i, j in g if j - i > 1)
        cut = 0
        for d in docs:
            for p in d.paragraphs:
                for s, e, _ in gold.get((d.doc_id, p.index), []):
                    for i, j in groups[(d.doc_id, p.index)]:
                        ws, we = p.tokens[i].start, p.tokens[j - 1].end
                        if ws < s < we or ws < e < we:
                            cut += 1
        print(f"{name:<12} {n_chars / dt:>10,.0f} {words:>7} {multi:>9} {cut:>9}")


if __name__ == "__main__":
    main()
