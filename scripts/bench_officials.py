#!/usr/bin/env python3
"""Officials linking speed, whole-article tagging against focus mode; prints one table.

For the same articles: characters per second and articles per second of
``officials(text)`` (the rule engine on whole articles) and ``officials(text,
focus=True)`` (the engine only near post and rank words), the share of the text focus
mode tags, and how many articles give the same records both ways. The best of
``--repeat`` timed passes counts (the machine may be shared).

    python scripts/bench_officials.py                # 150 articles, ~1 to 2 minutes on 2 cores
    python scripts/bench_officials.py --articles 40 --repeat 1

Input: ``../shared/corpus/police/*.txt`` beside the repository when present (every
``len/N``-th file), else ``data/raw``.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def articles(n: int) -> list[str]:
    police = ROOT.parent / "shared" / "corpus" / "police"
    files = sorted(police.glob("*.txt")) if police.is_dir() else sorted((ROOT / "data" / "raw").glob("*.txt"))
    step = max(1, len(files) // n)
    return [f.read_text(encoding="utf-8") for f in files[::step][:n]]


def key(recs) -> list:
    return [(r.person, r.rank, r.posts) for r in recs]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=150)
    ap.add_argument("--repeat", type=int, default=2)
    args = ap.parse_args()

    from model import officials
    from model.officials.focus import windows

    texts = articles(args.articles)
    officials(texts[0])  # load the engine
    chars = sum(len(t) for t in texts)
    share = sum(b - a for t in texts for a, b in windows(t)) / chars
    rows, outputs = [], {}
    for mode, focus in (("whole articles", False), ("focus", True)):
        best = float("inf")
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            outputs[mode] = [key(officials(t, focus=focus)) for t in texts]
            best = min(best, time.perf_counter() - t0)
        rows.append((mode, best, chars / best, len(texts) / best))
    same = sum(a == b for a, b in zip(outputs["whole articles"], outputs["focus"]))
    print(f"{len(texts)} articles, {chars:,} characters; focus mode tags {share:.0%} of the text")
    print("| mode | seconds | chars/s | articles/s |")
    print("|---|---:|---:|---:|")
    for mode, secs, cps, aps in rows:
        print(f"| {mode} | {secs:.1f} | {cps:,.0f} | {aps:.1f} |")
    print(f"same records both ways: {same} of {len(texts)} articles")


if __name__ == "__main__":
    main()
