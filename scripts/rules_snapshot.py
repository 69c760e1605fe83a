"""Snapshot the rule engine's output, and compare two snapshots: the proof of a refactor.

A refactor of ``model/rules`` must change no span. This script runs the default
:class:`model.rules.RuleEngine` over every gold set's texts (``seeds``, ``invented``,
``dev-police`` and the ``news-a`` .. ``news-i`` sets rebuilt from ``../shared/corpus/news``,
as :func:`train.evaluation.gold_sets.gold_sets` finds them) and over a fixed sample of
``../shared/corpus/police`` (the first ``--sample`` articles, 1,500 by default, by sorted
file name: the same articles on every machine and at every commit), and writes one JSON
line per record:

- ``{"set", "doc", "para", "start", "end", "label", "kind": "span"}``: a kept span;
- ``kind: "vote:<function>"``: one labeling function's vote (stricter than the spans: a
  function whose votes drift while the aggregate hides it is caught too);
- ``kind: "generic"``: a plural reference or a credit set aside (``label`` empty).

Usage::

    python scripts/rules_snapshot.py --out ../rules_before.jsonl
    python scripts/rules_snapshot.py --out ../rules_after.jsonl
    python scripts/rules_snapshot.py --compare ../rules_before.jsonl ../rules_after.jsonl

``--compare`` prints, per set and kind, the records compared and the spans added,
removed and changed (same offsets, another label), and exits 1 when anything differs.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLICE = ROOT.parent / "shared" / "corpus" / "police"


def sample_files(folder: Path, n: int) -> list[Path]:
    """The first ``n`` ``.txt`` articles of ``folder`` by file name (a fixed draw)."""
    return sorted(folder.glob("*.txt"))[:n]


def documents(sample: int) -> list[tuple[str, str, str, list[int]]]:
    """``(set, doc_id, text, para_numbers)`` for every gold document and the police sample.

    Gold paragraphs are joined per document in ``para`` order, as ``anninh evaluate`` does
    (:func:`train.corpus.gold.join_documents`), so propagation sees the whole article."""
    from train.corpus.gold import join_documents, load_gold
    from train.evaluation.gold_sets import gold_sets

    out = []
    for name, path in sorted(gold_sets().items()):
        texts, layouts = join_documents(load_gold(path))
        for text, layout in zip(texts, layouts):
            out.append((name, layout[0][1].doc, text, [gp.para for _, gp in layout]))
    if POLICE.is_dir() and sample > 0:
        for f in sample_files(POLICE, sample):
            out.append(("police-sample", f.stem, f.read_text(encoding="utf-8"), []))
    return out


def snapshot(out: Path, sample: int) -> int:
    from tqdm import tqdm

    from model.rules import RuleEngine

    engine = RuleEngine()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for set_name, doc_id, text, paras in tqdm(documents(sample), desc="rules", unit="doc"):
            _, labels = engine.label_text(text, doc_id)
            for k, pl in enumerate(labels):
                para = paras[k] if k < len(paras) else pl.index
                base = {"set": set_name, "doc": doc_id, "para": para}
                recs = [dict(base, start=s, end=e, label=lab, kind="span") for s, e, lab in pl.spans]
                for fn in sorted(pl.votes):
                    recs += [dict(base, start=s, end=e, label=lab, kind=f"vote:{fn}") for s, e, lab in pl.votes[fn]]
                recs += [dict(base, start=s, end=e, label="", kind="generic") for s, e in sorted(pl.generic)]
                for r in recs:
                    fh.write(json.dumps(r, ensure_ascii=False) + "\n")
                n += len(recs)
    return n


def _load(path: Path) -> dict[tuple[str, str], dict[tuple, set[str]]]:
    """``(set, kind family) -> {(kind, doc, para, start, end): {labels}}``."""
    out: dict[tuple[str, str], dict[tuple, set[str]]] = defaultdict(lambda: defaultdict(set))
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            family = r["kind"].split(":")[0]
            out[(r["set"], family)][(r["kind"], r["doc"], r["para"], r["start"], r["end"])].add(r["label"])
    return out


def compare(a: Path, b: Path) -> int:
    """Print added / removed / changed per set and kind; return the number of differences."""
    old, new = _load(a), _load(b)
    total = Counter()
    print(f"{'set':<16} {'kind':<8} {'compared':>9} {'added':>6} {'removed':>8} {'changed':>8}")
    for key in sorted(set(old) | set(new)):
        o, n = old.get(key, {}), new.get(key, {})
        added = sum(len(n[k]) for k in n.keys() - o.keys())
        removed = sum(len(o[k]) for k in o.keys() - n.keys())
        changed = sum(1 for k in o.keys() & n.keys() if o[k] != n[k])
        compared = sum(len(v) for v in o.values())
        print(f"{key[0]:<16} {key[1]:<8} {compared:>9,} {added:>6} {removed:>8} {changed:>8}")
        total.update(compared=compared, added=added, removed=removed, changed=changed)
    print(f"{'all':<16} {'':<8} {total['compared']:>9,} {total['added']:>6} {total['removed']:>8} {total['changed']:>8}")
    return total["added"] + total["removed"] + total["changed"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="write a snapshot here (JSONL)")
    ap.add_argument("--sample", type=int, default=1500, help="police articles in the sample (first N by name)")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"), help="compare two snapshots")
    args = ap.parse_args(argv)
    if args.compare:
        return 1 if compare(*args.compare) else 0
    if not args.out:
        ap.error("give --out FILE to snapshot, or --compare A B")
    n = snapshot(args.out, args.sample)
    print(f"{n:,} records written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
