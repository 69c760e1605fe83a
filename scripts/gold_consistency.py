#!/usr/bin/env python3
"""Find inconsistent hand labels across the news gold sets (train/evaluation/gold_consistency.py).

    python scripts/gold_consistency.py [--kinds label,unlabelled,boundary,structure]
                                       [--news-only] [--diff OLD_SPANS_FILE]

Reads data/gold/news-heldout.spans.jsonl joined to ../shared/corpus/news and
data/gold/police.spans.jsonl joined to ../shared/corpus/police, plus dev-police
and seeds as read-only reference. Prints a per-kind table (news / reference-only findings)
and the list. ``--diff OLD`` prints the per-set spans added, removed and relabelled between
OLD and the current spans file instead. Exit status 1 when a structural problem remains.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.evaluation.gold_consistency import KINDS, check, load_news, load_reference, span_changes  # noqa: E402
from train.evaluation.gold_sets import SEEDS, dev_police, shared_gold_dir  # noqa: E402
from train.evaluation.news_gold import SPANS, news_corpus  # noqa: E402
from train.evaluation.police_gold import POLICE_SPANS, police_corpus, read_police_texts  # noqa: E402


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kinds", default=",".join(KINDS), help="comma-separated subset of " + ", ".join(KINDS))
    ap.add_argument("--news-only", action="store_true", help="list only findings that involve a news set")
    ap.add_argument("--diff", type=Path, help="an older spans file: print per-set changes and stop")
    ap.add_argument("--spans", type=Path, default=SPANS)
    args = ap.parse_args()

    if args.diff:
        changes = span_changes(_records(args.diff), _records(args.spans))
        print(f"{'set':8} {'added':>6} {'removed':>8} {'relabelled':>11}")
        for s in sorted(changes):
            c = changes[s]
            print(f"{s:8} {c['added']:>6} {c['removed']:>8} {c['relabelled']:>11}")
        return 0

    kinds = [k.strip() for k in args.kinds.split(",") if k.strip()]
    bad = sorted(set(kinds) - set(KINDS))
    if bad:
        ap.error(f"unknown kind(s) {', '.join(bad)}; choose from {', '.join(KINDS)}")
    corpus = news_corpus(shared_gold_dir())
    if corpus is None:
        print("no ../shared/corpus/news/baomoi-2017.jsonl.gz beside the checkout (set ANNINH_SHARED_GOLD to the "
              "shared gold folder): the news spans are checked without their texts (order, labels, overlaps only)",
              file=sys.stderr)
    paras = load_news(args.spans, corpus)
    if args.spans == SPANS and POLICE_SPANS.is_file():  # the sets of corpus/police too
        paras += load_news(POLICE_SPANS, police_corpus(shared_gold_dir()), read_police_texts)
    dp = dev_police()
    if dp is not None:
        paras += load_reference("dev-police", dp)
    paras += load_reference("seeds", SEEDS)
    findings = check(paras, kinds)

    print(f"{'kind':12} {'news':>6} {'reference':>10}")
    for k in kinds:
        news = sum(1 for f in findings if f.kind == k and not f.reference)
        ref = sum(1 for f in findings if f.kind == k and f.reference)
        print(f"{k:12} {news:>6} {ref:>10}")
    print()
    for f in findings:
        if args.news_only and f.reference:
            continue
        tag = " (reference only)" if f.reference else ""
        print(f"[{f.kind}] {f.surface!r}: {f.detail}{tag}")
        for place in f.places[:12]:
            print(f"    {place}")
        if len(f.places) > 12:
            print(f"    ... {len(f.places) - 12} more")
    return 1 if any(f.kind == "structure" and not f.reference for f in findings) else 0


if __name__ == "__main__":
    sys.exit(main())
