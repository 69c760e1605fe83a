#!/usr/bin/env python3
"""Corpus preparation throughput (train/corpus/prepare.py): segmentation (+ silver labels), cold and cached.

    python scripts/bench_prepare.py [--corpus PATH ...] [--max-chars N] [--num-proc 1 2] [--segmenter underthesea]

Default corpus: ../shared/corpus/police when it exists (the research corpus beside the
repository), else the bundled data/raw. Each configuration runs cold, in a fresh cache
folder, and then once more on the same cache: the second run is what a repeated
`train` on the same corpus pays. Prints a table.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.corpus.prepare import prepare_silver, prepare_words  # noqa: E402


def main() -> None:
    shared = ROOT.parent / "shared" / "corpus" / "police"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", nargs="+", default=[str(shared if shared.is_dir() else ROOT / "data" / "raw")])
    ap.add_argument("--max-chars", type=int, default=1_000_000, help="characters read (whole articles); 0 = all")
    ap.add_argument("--num-proc", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--segmenter", default="underthesea")
    ap.add_argument("--tasks", nargs="+", default=["words", "silver"], choices=["words", "silver"])
    args = ap.parse_args()
    fns = {"words": prepare_words, "silver": prepare_silver}
    rows = []
    for task in args.tasks:
        for n in args.num_proc:
            with tempfile.TemporaryDirectory() as cache:
                kw = dict(num_proc=n, cache_dir=cache, max_chars=args.max_chars or None, progress=False, warn=False)
                t0 = time.perf_counter()
                cold = fns[task](args.corpus, args.segmenter, **kw)
                t_cold = time.perf_counter() - t0
                t0 = time.perf_counter()
                warm = fns[task](args.corpus, args.segmenter, **kw)
                t_warm = time.perf_counter() - t0
                assert warm.from_cache and len(warm.dataset) == len(cold.dataset)
                chars = cold.info["characters"]
                rows.append((task, n, chars, cold.info["documents"], len(cold.dataset), t_cold, chars / t_cold, t_warm))
    print(f"\ncorpus: {', '.join(args.corpus)}; segmenter {args.segmenter}\n")
    print("| task | num_proc | characters | articles | rows | cold s | cold chars/s | cached s |")
    print("|---|---|---|---|---|---|---|---|")
    for task, n, chars, docs, nrows, tc, rate, tw in rows:
        print(f"| {task} | {n} | {chars:,} | {docs:,} | {nrows:,} | {tc:.1f} | {rate:,.0f} | {tw:.2f} |")


if __name__ == "__main__":
    main()
