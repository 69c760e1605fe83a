#!/usr/bin/env python3
"""Throughput of the rule engine next to underthesea's ``ner()`` on the same text.

    python scripts/bench_label.py [--corpus DIR] [--limit N] [--underthesea-chars N] [--repeat N]

Both systems get the same raw articles. Our engine is timed end to end (paragraph
split, normalisation, tokenisation, every labeling function, aggregation). underthesea
is much slower, so by default it runs on a sample of paragraphs (about 150,000
characters) and its rate is extrapolated to the corpus; the table says so. underthesea
is an optional benchmark dependency: without it only our numbers are printed.
"""
from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.document import make_document  # noqa: E402
from model.rules import RuleEngine  # noqa: E402
from model.text.paragraphs import split_paragraphs  # noqa: E402
from train.corpus.reader import read_corpus  # noqa: E402


def bench_rules(docs: list[tuple[str, str]]) -> tuple[float, int]:
    """Seconds for one pass of the rules over ``docs``, and the spans found."""
    engine = RuleEngine()
    engine.label_document(make_document("Đại tá Nguyễn Văn A, Công an tỉnh Nghệ An.", "warmup"))
    t0 = time.perf_counter()
    n_ent = 0
    for doc_id, text in docs:
        for pl in engine.label_document(make_document(text, doc_id)):
            n_ent += len(pl.spans)
    return time.perf_counter() - t0, n_ent


def bench_underthesea(paragraphs: list[str], budget_chars: int, seed: int) -> tuple[float, int, bool] | None:
    """Seconds for one pass of underthesea's ner() over the paragraphs (a seeded sample of
    ``budget_chars`` when they are more), the characters read, and whether it sampled."""
    try:
        from underthesea import ner
    except ImportError:
        return None
    ner("Trung tướng Nguyễn Văn A thăm Công an tỉnh Nghệ An.")  # load the model outside the timing
    sample = paragraphs
    sampled = False
    if sum(map(len, paragraphs)) > budget_chars:
        rng = random.Random(seed)
        order = list(range(len(paragraphs)))
        rng.shuffle(order)
        sample, total = [], 0
        for i in order:
            if total >= budget_chars:
                break
            sample.append(paragraphs[i])
            total += len(paragraphs[i])
        sampled = True
    t0 = time.perf_counter()
    for p in sample:
        ner(p)
    return time.perf_counter() - t0, sum(map(len, sample)), sampled


def score_gold_sets() -> list[tuple[str, int, dict]]:
    """The rules' seqeval F1 on every gold set here (``train.evaluation.gold_sets``: the seeds, the
    invented texts, and ../shared/gold/dev-police.gold.jsonl when it exists), each
    article labelled as one document as in ``anninh evaluate``."""
    from train.evaluation.evaluate import evaluate_systems
    from train.corpus.gold import load_gold
    from train.evaluation.gold_sets import gold_sets

    out = []
    for name, path in gold_sets().items():
        gold = load_gold(path)
        rep = evaluate_systems({"rules": "rules"}, gold, progress=False)["rules"].report.as_dict()["seqeval"]
        out.append((name, sum(len(g.entities) for g in gold), rep))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "general",
                    help="folder of *.txt articles (default: ../shared/corpus/general)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N documents")
    ap.add_argument("--underthesea-chars", type=int, default=150_000,
                    help="characters of paragraphs underthesea labels (a random sample); 0 = the whole corpus")
    ap.add_argument("--repeat", type=int, default=1,
                    help="N rounds, the two systems taking turns; each keeps its best round")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-gold", action="store_true", help="skip scoring the rules on the gold sets")
    args = ap.parse_args()

    corpus = read_corpus(args.corpus)
    docs = corpus.docs[: args.limit] if args.limit else corpus.docs
    n_chars = sum(len(t) for _, t in docs)
    paragraphs = [p.text for _, t in docs for p in split_paragraphs(t)]
    print(f"corpus: {args.corpus} ({len(docs)} documents, {len(paragraphs):,} paragraphs, {n_chars:,} characters)")

    # the two systems take turns, round by round, and each keeps its best round: on a shared
    # machine the CPU each gets drifts over minutes, and taking turns exposes both to it
    t_rules, ut = float("inf"), None
    for _ in range(args.repeat):
        t, n_ent = bench_rules(docs)
        t_rules = min(t_rules, t)
        one = bench_underthesea(paragraphs, args.underthesea_chars or 10 ** 12, args.seed)
        if one is not None and (ut is None or one[0] < ut[0]):
            ut = one
    rules_rate = n_chars / t_rules
    rows = [("anninh rules (RuleEngine)", n_chars, t_rules, rules_rate, "full corpus")]
    if ut is not None:
        t_ut, ut_chars, sampled = ut
        ut_rate = ut_chars / t_ut
        note = (f"sample of {ut_chars:,} chars, extrapolated: {n_chars / ut_rate:,.0f} s for the corpus"
                if sampled else "full corpus")
        rows.append(("underthesea ner()", ut_chars, t_ut, ut_rate, note))

    print()
    print(f"| system | characters | seconds | characters/s | speed-up | note |")
    print(f"|---|---|---|---|---|---|")
    base = rows[1][3] if len(rows) > 1 else None
    for name, chars, secs, rate, note in rows:
        speed = f"{rate / base:.1f}x" if base else "-"
        print(f"| {name} | {chars:,} | {secs:.2f} | {rate:,.0f} | {speed} | {note} |")
    print()
    print(f"rules found {n_ent:,} entities")
    if ut is None:
        print("underthesea is not installed (pip install underthesea): no comparison")
    if not args.no_gold:
        print()
        print("| gold set | entities | AGENCY | RANK | PERSON | LOCATION | micro F1 |")
        print("|---|---|---|---|---|---|---|")
        for name, n, rep in score_gold_sets():
            cells = " | ".join(f"{rep[lab]['f1-score']:.3f}" if lab in rep else "-"
                               for lab in ("AGENCY", "RANK", "PERSON", "LOCATION", "micro avg"))
            print(f"| {name} | {n} | {cells} |")


if __name__ == "__main__":
    main()
