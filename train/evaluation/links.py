"""Link precision, recall and F1 of the officials linker against hand-labelled link gold.

A link is (person mention, kind, value): the mention is its paragraph span, the kind is
``rank``, ``post`` or ``agency``, and the value is the normalised text of the attribute
(for an agency, its letters and digits: ``Công an TP.HCM`` = ``Công an TPHCM``; an elided
agency counts as the full name it stands for). Gold files are offsets only
(``data/gold/links/*.links.jsonl``, format in ``data/gold/GUIDELINE.md``); the text comes
from the paragraph gold file of the same articles.

The linker reads each gold article as its paragraphs joined by blank lines, so that an
elided agency finds its antecedent in an earlier paragraph, and its records are mapped
back to (paragraph, offset).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from model.text import norm_key

from .gold_sets import ROOT, SEEDS, dev_police, news_sets
from .link_notes import read_paragraph_gold

LINKS_DIR = ROOT / "data" / "gold" / "links"
KINDS = ("rank", "post", "agency")
HELD_OUT = ("news-h", "news-a")  # labelled before the linker ran on them; scored, never tuned on

Link = tuple[str, int, int, int, str, str]  # doc, para, start, end, kind, value


def value_key(kind: str, text: str) -> str:
    from model.officials import agency_key

    return agency_key(text) if kind == "agency" else norm_key(text)


def gold_links(links_file: str | Path, paragraph_gold: str | Path) -> set[Link]:
    """The gold links of one set."""
    docs = read_paragraph_gold(paragraph_gold)
    out: set[Link] = set()
    for line in Path(links_file).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        doc = docs[r["doc"]]

        def text(span):
            p, s, e = span
            return doc[p]["text"][s:e]

        s, e = r["person"]
        head = (r["doc"], int(r["para"]), s, e)
        if r.get("rank"):
            out.add((*head, "rank", value_key("rank", text(r["rank"]))))
        for post in r.get("posts", []):
            out.add((*head, "post", value_key("post", text(post["post"]))))
            if post.get("agency"):
                out.add((*head, "agency", value_key("agency", text(post["agency"]))))
    return out


def article(paras: dict[int, dict]) -> tuple[str, list[tuple[int, int]]]:
    """The article text (paragraphs joined by a blank line) and each paragraph's
    ``(para, start)`` in it."""
    pieces, starts, pos = [], [], 0
    for p in sorted(paras):
        t = paras[p]["text"]
        starts.append((p, pos))
        pieces.append(t)
        pos += len(t) + 2
    return "\n\n".join(pieces), starts


def predicted_links(paragraph_gold: str | Path, officials: Callable | None = None) -> set[Link]:
    """The links the linker finds in the articles of a paragraph gold file."""
    if officials is None:
        from model import officials as _off

        officials = _off
    out: set[Link] = set()
    for doc_id, paras in read_paragraph_gold(paragraph_gold).items():
        text, starts = article(paras)
        for rec in officials(text):
            s = rec.person.start
            para, base = max((ps for ps in starts if ps[1] <= s), key=lambda ps: ps[1])
            head = (doc_id, para, s - base, rec.person.end - base)
            if rec.rank is not None:
                out.add((*head, "rank", value_key("rank", rec.rank.text)))
            for p in rec.posts:
                out.add((*head, "post", value_key("post", p.post.text)))
                if p.agency_name:
                    out.add((*head, "agency", value_key("agency", p.agency_name)))
    return out


@dataclass
class LinkScore:
    """Counts and P/R/F1, overall and per kind."""

    tp: dict[str, int] = field(default_factory=dict)
    n_pred: dict[str, int] = field(default_factory=dict)
    n_gold: dict[str, int] = field(default_factory=dict)

    @staticmethod
    def _prf(tp: int, np_: int, ng: int) -> tuple[float, float, float]:
        p = tp / np_ if np_ else 0.0
        r = tp / ng if ng else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def prf(self, kind: str | None = None) -> tuple[float, float, float]:
        ks = [kind] if kind else list(KINDS)
        return self._prf(sum(self.tp.get(k, 0) for k in ks), sum(self.n_pred.get(k, 0) for k in ks),
                         sum(self.n_gold.get(k, 0) for k in ks))

    @property
    def n_links(self) -> int:
        return sum(self.n_gold.values())


def score_links(pred: Iterable[Link], gold: Iterable[Link]) -> LinkScore:
    pred, gold = set(pred), set(gold)
    sc = LinkScore()
    for k in KINDS:
        pk = {x for x in pred if x[4] == k}
        gk = {x for x in gold if x[4] == k}
        sc.tp[k], sc.n_pred[k], sc.n_gold[k] = len(pk & gk), len(pk), len(gk)
    return sc


def link_sets() -> dict[str, tuple[Path, Path]]:
    """``{name: (links file, paragraph gold)}`` for every set whose texts are here."""
    out = {"seeds": (LINKS_DIR / "seeds.links.jsonl", SEEDS)}
    dp = dev_police()
    if dp is not None:
        out["dev-police"] = (LINKS_DIR / "dev-police.links.jsonl", dp)
    news = news_sets()
    for name in ("news-a", "news-c", "news-h"):
        if name in news and (LINKS_DIR / f"{name}.links.jsonl").is_file():
            out[name] = (LINKS_DIR / f"{name}.links.jsonl", news[name])
    return out


def evaluate_links(names: Iterable[str] | None = None) -> dict[str, LinkScore]:
    """Score the linker (rules entities) on each available link gold set."""
    sets = link_sets()
    chosen = list(names) if names else list(sets)
    unknown = [n for n in chosen if n not in sets]
    if unknown:
        raise ValueError(f"no link gold set {unknown[0]!r} here; available: {', '.join(sets)}")
    return {n: score_links(predicted_links(sets[n][1]), gold_links(*sets[n])) for n in chosen}


def format_table(scores: dict[str, LinkScore]) -> str:
    rows = ["| set | links | P | R | F1 | rank F1 | post F1 | agency F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, sc in scores.items():
        p, r, f = sc.prf()
        per = " | ".join(f"{sc.prf(k)[2]:.3f}" if sc.n_gold.get(k) or sc.n_pred.get(k) else "–" for k in KINDS)
        label = f"{name} (held out)" if name in HELD_OUT else name
        rows.append(f"| {label} | {sc.n_links} | {p:.3f} | {r:.3f} | {f:.3f} | {per} |")
    return "\n".join(rows)
