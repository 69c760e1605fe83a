"""The labeling-function report: what each rule fires on, where rules disagree, and,
with a gold file, how precise each rule is and how good the aggregate is.

Weak supervision lives or dies by this table: a function with high coverage and many
conflicts is the one to fix first; one whose spans never survive aggregation is dead
weight. Counts are over content paragraphs (boilerplate is not labelled at all).
Definitions, per function, over its spans:

* coverage: share of content paragraphs where it proposed at least one span;
* overlaps: its spans that overlap a span of another function;
* conflicts: its spans that overlap another function's span with a different label;
* boundary disagreements: overlap with the same label but different boundaries;
* kept: its spans that are exactly in the aggregated output;
* with gold, precision and recall by exact character span (recall over gold entities of
  the labels the function can produce).
"""
from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from model.labels import LABELS

from train.atomic import write_text_atomic
from train.corpus.gold import GoldParagraph
from train.corpus.labeling import LabeledCorpus
from .scoring import prf


@dataclass
class RuleReport:
    data: dict
    markdown: str = field(repr=False, default="")

    def write(self, out_dir: str | Path, stem: str = "report") -> tuple[Path, Path]:
        out = Path(out_dir)
        out.mkdir(parents=True, exist_ok=True)
        md, js = out / f"{stem}.md", out / f"{stem}.json"
        write_text_atomic(md, self.markdown)
        write_text_atomic(js, json.dumps(self.data, ensure_ascii=False, indent=2) + "\n")
        return md, js


def _overlap_pairs(spans: list[tuple[int, int, str, str]]) -> Iterable[tuple[tuple, tuple]]:
    """Pairs of overlapping spans from different functions (sweep over starts)."""
    spans = sorted(spans)
    active: list[tuple[int, int, str, str]] = []
    for sp in spans:
        s = sp[0]
        active = [a for a in active if a[1] > s]
        for a in active:
            if a[3] != sp[3]:
                yield a, sp
        active.append(sp)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p, r, f = prf(tp, fp, fn)
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def function_stats(lc: LabeledCorpus, gold: list[GoldParagraph] | None = None) -> dict:
    """Per labeling function: coverage, overlaps, conflicts, kept, and gold P/R."""
    engine = lc.engine
    names = engine.names
    labels_of = {f.name: set(f.labels) for f in engine.functions}
    gold_by = {(g.doc, g.para): g for g in (gold or [])}
    st = {n: {"spans": 0, "paragraphs": 0, "overlaps": 0, "conflicts": 0, "boundary_disagreements": 0,
              "kept": 0, "by_label": defaultdict(int), "pairs": defaultdict(lambda: {"overlaps": 0, "conflicts": 0}),
              "gold": [0, 0, 0]} for n in names}
    content = 0
    for d in lc.docs:
        for para, pl in zip(d.document.paragraphs, d.labels):
            if para.boilerplate:
                continue
            content += 1
            final = set(pl.spans)
            flat = []
            for n in names:
                vs = pl.votes.get(n, [])
                if vs:
                    st[n]["paragraphs"] += 1
                st[n]["spans"] += len(vs)
                for s, e, lab in vs:
                    st[n]["by_label"][lab] += 1
                    if (s, e, lab) in final:
                        st[n]["kept"] += 1
                    flat.append((s, e, lab, n))
            flagged: dict[tuple, set] = defaultdict(set)
            for a, b in _overlap_pairs(flat):
                for x, y in ((a, b), (b, a)):
                    kind = "conflicts" if x[2] != y[2] else ("boundary_disagreements" if x[:2] != y[:2] else None)
                    flagged[x].add("overlaps")
                    if kind:
                        flagged[x].add(kind)
                    pair = st[x[3]]["pairs"][y[3]]
                    pair["overlaps"] += 1
                    if x[2] != y[2]:
                        pair["conflicts"] += 1
            for sp, kinds in flagged.items():
                for k in kinds:
                    st[sp[3]][k] += 1
            g = gold_by.get((d.doc_id, para.index))
            if g is not None:
                gs = set(map(tuple, g.entities))
                for n in names:
                    vs = set(pl.votes.get(n, []))
                    relevant = {x for x in gs if x[2] in labels_of[n]}
                    st[n]["gold"][0] += len(vs & gs)
                    st[n]["gold"][1] += len(vs - gs)
                    st[n]["gold"][2] += len(relevant - vs)
    out = {}
    for n in names:
        s = st[n]
        k = s["spans"]
        out[n] = {
            "labels": sorted(labels_of[n]),
            "spans": k,
            "paragraphs": s["paragraphs"],
            "coverage": round(s["paragraphs"] / content, 4) if content else 0.0,
            "overlaps": s["overlaps"],
            "overlap_rate": round(s["overlaps"] / k, 4) if k else 0.0,
            "conflicts": s["conflicts"],
            "conflict_rate": round(s["conflicts"] / k, 4) if k else 0.0,
            "boundary_disagreements": s["boundary_disagreements"],
            "kept": s["kept"],
            "kept_rate": round(s["kept"] / k, 4) if k else 0.0,
            "by_label": dict(s["by_label"]),
            "pairs": {o: dict(v) for o, v in sorted(s["pairs"].items())},
        }
        if gold is not None:
            out[n]["gold"] = _prf(*s["gold"])
    return {"content_paragraphs": content, "functions": out}


def build_report(lc: LabeledCorpus, gold: list[GoldParagraph] | None = None, gold_path: str | None = None) -> RuleReport:
    """The full report (JSON-able dict and Markdown) for a labelled corpus."""
    stats = function_stats(lc, gold)
    data: dict = {
        "input": str(lc.input_dir),
        "engine": {"functions": lc.engine.describe(), "aggregation": lc.engine.aggregation,
                   "prefer": lc.engine.prefer},
        "counts": lc.counts,
        "skipped": [{"path": p, "reason": r} for p, r in lc.skipped],
        "long_paragraphs": [{"doc": d, "para": p, "chars": c} for d, p, c in lc.long_paragraphs],
        "documents_without_entities": list(lc.docs_without_entities),
        "ignored": list(lc.ignored),
        "content_paragraphs": stats["content_paragraphs"],
        "functions": stats["functions"],
    }
    if lc.gazetteer is not None:
        entries = lc.gazetteer.entries
        fired = stats["functions"].get("corpus_gazetteer", {})
        data["corpus_gazetteer"] = {
            "entries": len(entries),
            "by_label": {lab: sum(1 for v in entries.values() if v[0] == lab) for lab in LABELS},
            "votes": fired.get("spans", 0), "kept": fired.get("kept", 0),
            "names": [{"name": k, "label": v[0], "articles": v[1]} for k, v in
                      sorted(entries.items(), key=lambda kv: -kv[1][1])[:200]]}
    score = None
    if gold is not None:
        from .scoring import score_paragraphs

        score = score_paragraphs(gold, lc.predictions())
        data["gold"] = {"path": gold_path, "paragraphs": len(gold),
                        "entities": sum(len(g.entities) for g in gold), "aggregate": score.as_dict(),
                        "aggregations": compare_aggregations(lc, gold)}
    return RuleReport(data, _markdown(data, score))


def _token_votes(pl) -> list[tuple[str, int, int, str]]:
    """A paragraph's votes as ``(function, token i, token j, label)`` for re-aggregation."""
    start = {s: k for k, (s, _) in enumerate(pl.token_offsets)}
    end = {e: k + 1 for k, (_, e) in enumerate(pl.token_offsets)}
    return [(f, start[s], end[e], lab) for f, spans in pl.votes.items() for s, e, lab in spans
            if s in start and e in end]


def compare_aggregations(lc: LabeledCorpus, gold: list[GoldParagraph]) -> dict:
    """micro F1 and per-type F1 on gold of the same votes aggregated by ``priority``,
    ``vote`` and the ``hmm`` (fitted without labels on this corpus's votes). Stage-2
    functions saw the priority aggregate in every case."""
    from model.rules.aggregate import aggregate
    from model.rules.hmm import HMMAggregator, ParagraphVotes

    from .scoring import score_paragraphs

    eng = lc.engine
    hmm = lc.hmm
    if hmm is None:
        hmm = HMMAggregator(eng.names, dict(eng.weight), {f.name: f.labels for f in eng.functions})
        hmm.fit(ParagraphVotes(pl.token_offsets, pl.votes, pl.spans)
                for d in lc.docs for para, pl in zip(d.document.paragraphs, d.labels) if not para.boilerplate)
    out = {}
    for mode in ("priority", "vote", "hmm"):
        preds = {}
        for d in lc.docs:
            for para, pl in zip(d.document.paragraphs, d.labels):
                if para.boilerplate:
                    preds[(d.doc_id, para.index)] = []
                elif mode == "hmm":
                    preds[(d.doc_id, para.index)] = hmm.predict(ParagraphVotes(pl.token_offsets, pl.votes))[0]
                else:
                    ds = aggregate(_token_votes(pl), eng.rank, eng.weight, mode, eng.prefer)
                    preds[(d.doc_id, para.index)] = [(pl.token_offsets[x.i][0], pl.token_offsets[x.j - 1][1], x.label)
                                                     for x in ds]
        sc = score_paragraphs(gold, preds).as_dict()["seqeval"]
        out[mode] = {k: round(v["f1-score"], 4) for k, v in sc.items() if k in LABELS + ("micro avg",)}
    return out


def _markdown(data: dict, score) -> str:
    c = data["counts"]
    lines = ["# Rule labelling report", "",
             f"Input: `{data['input']}`; aggregation: `{data['engine']['aggregation']}`, "
             f"prefer `{data['engine']['prefer']}`.", "",
             "## Corpus", "",
             "| what | count |", "|---|---|"]
    for key in ("files", "documents", "skipped_files", "ignored_files", "characters", "paragraphs", "boilerplate_paragraphs",
                "paragraphs_with_entities", "documents_without_entities", "long_paragraphs", "entities"):
        lines.append(f"| {key.replace('_', ' ')} | {c.get(key, 0):,} |")
    for lab in LABELS:
        lines.append(f"| entities {lab} | {c.get('entities_by_label', {}).get(lab, 0):,} |")
    lines.append("")
    if data["skipped"]:
        lines += ["### Skipped files", "", "| file | reason |", "|---|---|"]
        lines += [f"| `{s['path']}` | {s['reason']} |" for s in data["skipped"]]
        lines.append("")
    if data["ignored"]:
        lines += ["### Ignored (not articles: the pattern is *.txt)", ""]
        lines += [f"- `{p}`" for p in data["ignored"][:50]]
        lines.append("")
    if data["documents_without_entities"]:
        docs = data["documents_without_entities"]
        lines += [f"### Documents without any entity ({len(docs)})", "",
                  ", ".join(f"`{d}`" for d in docs[:100]) + (" ..." if len(docs) > 100 else ""), ""]
    if data["long_paragraphs"]:
        lines += ["### Very long paragraphs (labelled; check the source)", "", "| doc | para | chars |", "|---|---|---|"]
        lines += [f"| {x['doc']} | {x['para']} | {x['chars']:,} |" for x in data["long_paragraphs"]]
        lines.append("")
    gold = "gold" in data
    lines += ["## Labeling functions", "",
              f"Over {data['content_paragraphs']:,} content paragraphs. Coverage: share of paragraphs with a vote; "
              "overlap / conflict / kept: share of the function's spans.", ""]
    head = ["function", "labels", "spans", "coverage", "overlap", "conflict", "boundary", "kept"]
    if gold:
        head += ["gold P", "gold R", "gold F1"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, f in data["functions"].items():
        row = [f"`{name}`", ",".join(f["labels"]), f"{f['spans']:,}", f"{f['coverage']:.3f}", f"{f['overlap_rate']:.3f}",
               f"{f['conflict_rate']:.3f}", f"{f['boundary_disagreements']:,}", f"{f['kept_rate']:.3f}"]
        if gold:
            g = f["gold"]
            row += [f"{g['precision']:.3f}", f"{g['recall']:.3f}", f"{g['f1']:.3f}"]
        lines.append("| " + " | ".join(row) + " |")
    lines.append("")
    pairs = [(a, b, v) for a, f in data["functions"].items() for b, v in f["pairs"].items() if v["conflicts"]]
    if pairs:
        lines += ["### Conflicts between functions (spans of the first that overlap the second with another label)",
                  "", "| function | other | overlaps | conflicts |", "|---|---|---|---|"]
        lines += [f"| `{a}` | `{b}` | {v['overlaps']:,} | {v['conflicts']:,} |" for a, b, v in pairs]
        lines.append("")
    if "corpus_gazetteer" in data:
        cg = data["corpus_gazetteer"]
        lines += ["## Corpus gazetteer (second pass)", "",
                  f"{cg['entries']:,} names confirmed by high-precision functions in several articles ("
                  + ", ".join(f"{k} {v:,}" for k, v in cg["by_label"].items()) + f"); `corpus_gazetteer` cast "
                  f"{cg['votes']:,} votes, {cg['kept']:,} kept.", "",
                  "| name | label | articles |", "|---|---|---|"]
        lines += [f"| {x['name']} | {x['label']} | {x['articles']} |" for x in cg["names"][:40]]
        lines.append("")
    if score is not None and "aggregations" in data["gold"]:
        lines += ["## Aggregations compared on gold (F1)", "", "| aggregation | " + " | ".join(LABELS) + " | micro |",
                  "|---|" + "---|" * (len(LABELS) + 1)]
        for mode, f in data["gold"]["aggregations"].items():
            lines.append(f"| `{mode}` | " + " | ".join(f"{f.get(lab, 0.0):.3f}" for lab in LABELS)
                         + f" | {f.get('micro avg', 0.0):.3f} |")
        lines.append("")
    if score is not None:
        g = data["gold"]
        lines += [f"## Aggregate against gold (`{g['path']}`: {g['paragraphs']} paragraphs, {g['entities']} entities)", ""]
        lines.append(score.to_markdown())
        if score.missing:
            lines += ["", f"{len(score.missing)} gold paragraphs had no labelled counterpart in the input "
                      "(different doc ids or files skipped): " + ", ".join(f"{d}#{p}" for d, p in score.missing[:20])]
    return "\n".join(lines) + "\n"
