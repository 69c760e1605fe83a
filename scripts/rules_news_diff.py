"""What a rule change adds and removes on international and crime news, to read through.

Why: the rules were written on police news of one province's ceremonies; a new function
for foreign names, media or abbreviations must show its evidence on the news it is for.
Gold sets are too small to show a rule's false positives, so each change is read as the
spans it adds and removes on a fixed sample of ``../shared/corpus/news``:

- the first ``--sample`` articles (1,500 by default) in corpus order that match a topic of
  ``data/gold/dev-topics.yaml`` (a core word and ``--min-hits`` distinct topic words:
  international crime, cyber crime, drugs and smuggling, corruption trials), leaving out
  every article of a gold set or drawn for one (``data/gold/news-draws.jsonl``): the
  held-out sets are never read through;
- spans of the default :class:`model.rules.RuleEngine`, one JSON line each, with the
  surface and 40 characters of context.

Usage::

    python scripts/rules_news_diff.py --out ../news_before.jsonl      # before the change
    python scripts/rules_news_diff.py --out ../news_after.jsonl       # after
    python scripts/rules_news_diff.py --diff ../news_before.jsonl ../news_after.jsonl [--label PERSON]

``--diff`` prints counts per label, then every added (``+``) and removed (``-``) span with its
context; a span whose label changed shows as both.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "corpus" / "news" / "baomoi-2017.jsonl.gz"
TOPICS = ROOT / "data" / "gold" / "dev-topics.yaml"
SPANS = ROOT / "data" / "gold" / "news-heldout.spans.jsonl"
DRAWS = ROOT / "data" / "gold" / "news-draws.jsonl"   # articles drawn for sets not labelled yet


def sample(n: int, min_hits: int) -> list[tuple[str, str]]:
    """``(doc_id, text)`` of the first ``n`` topic articles in corpus order, no gold article."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from pick_dev_articles import topic_of

    topics = yaml.safe_load(TOPICS.read_text(encoding="utf-8"))
    gold = {json.loads(l)["doc"] for f in (SPANS, DRAWS)
            for l in f.read_text(encoding="utf-8").splitlines() if l.strip()}
    out: list[tuple[str, str]] = []
    with gzip.open(NEWS, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec.get("text", "")
            if rec["id"] not in gold and topic_of(text, topics, min_hits):
                out.append((rec["id"], text))
                if len(out) == n:
                    break
    return out


def snapshot(out: Path, n: int, min_hits: int) -> int:
    from tqdm import tqdm

    from model.rules import RuleEngine

    engine = RuleEngine()
    count = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc, text in tqdm(sample(n, min_hits), desc="rules on news", unit="doc"):
            for e in engine.annotate(text):
                ctx = text[max(0, e.start - 40):e.start] + "[" + e.text + "]" + text[e.end:e.end + 40]
                fh.write(json.dumps({"doc": doc, "start": e.start, "end": e.end, "label": e.label,
                                     "text": e.text, "context": ctx.replace("\n", " ")},
                                    ensure_ascii=False) + "\n")
                count += 1
    return count


def _load(path: Path) -> dict[tuple, dict]:
    rows = (json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip())
    return {(r["doc"], r["start"], r["end"], r["label"]): r for r in rows}


def diff(a: Path, b: Path, label: str | None) -> int:
    old, new = _load(a), _load(b)
    added = [new[k] for k in sorted(new.keys() - old.keys()) if not label or k[3] == label]
    removed = [old[k] for k in sorted(old.keys() - new.keys()) if not label or k[3] == label]
    na, nr = Counter(r["label"] for r in added), Counter(r["label"] for r in removed)
    print(f"{'label':<10} {'before':>7} {'after':>7} {'added':>6} {'removed':>8}")
    for lab in sorted({k[3] for k in old} | {k[3] for k in new}):
        print(f"{lab:<10} {sum(k[3] == lab for k in old):>7} {sum(k[3] == lab for k in new):>7} "
              f"{na[lab]:>6} {nr[lab]:>8}")
    for sign, rows in (("+", added), ("-", removed)):
        for r in rows:
            print(f"{sign} {r['label']:<8} {r['text']!r:<28} {r['context']}")
    return len(added) + len(removed)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write the rules' spans on the sample here (JSONL)")
    ap.add_argument("--sample", type=int, default=1500)
    ap.add_argument("--min-hits", type=int, default=3)
    ap.add_argument("--diff", nargs=2, type=Path, metavar=("A", "B"))
    ap.add_argument("--label", help="show only this label's changes")
    a = ap.parse_args(argv)
    if a.diff:
        diff(*a.diff, a.label)
        return 0
    if not a.out:
        ap.error("give --out FILE to snapshot, or --diff A B")
    if not NEWS.is_file():
        sys.exit(f"error: {NEWS} is missing; the sample is drawn from ../shared/corpus/news")
    print(f"{snapshot(a.out, a.sample, a.min_hits):,} spans written to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
