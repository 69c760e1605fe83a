"""Consistency of hand-labelled gold across sets labelled by different people.

The news sets (``news-a`` .. ``news-i``) were labelled by different annotators from the
same guideline and become training data, so a name tagged one way in one set and another
way (or not at all) in another teaches the model noise. This module finds four kinds of
disagreement, to be read by a person and settled by a ruling in ``data/gold/GUIDELINE.md``:

- ``label``: the same surface string labelled with different labels;
- ``unlabelled``: a surface labelled somewhere and left unlabelled elsewhere (an exact,
  token-bounded occurrence that no labelled span touches);
- ``boundary``: a labelled span whose text lies strictly inside another labelled surface
  of the same label, where the text around it spells that longer surface
  (``Chủ tịch [Quốc hội]`` against ``[Chủ tịch Quốc hội]``);
- ``structure``: overlaps, spans outside the text, spans with outer spaces or stray
  punctuation, spans cutting a word, unsorted spans, a paragraph whose SHA-1 no longer
  matches its text.

Reference sets (dev-police, seeds) take part as evidence, read-only: a finding is
``reference`` when it involves no news set. Nothing here decides a ruling.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from model.labels import LABELS

from .news_gold import load_spans, read_news_texts

KINDS = ("label", "unlabelled", "boundary", "structure")

# Punctuation a span may end on: a privacy name's or abbreviation's period (``Nguyễn Văn
# H.``, ``K.T.L.``, ``TP.``) and the closing half of a pair opened inside the span
# (``Tư "sẹo"``, ``Công ty (Việt Nam)``); it may start only on an opening half closed inside.
_PAIRS = {'"': '"', "“": "”", "(": ")", "[": "]", "'": "'", "‘": "’"}
_ABBREV_END = re.compile(r"(?:^|[\s.])\w{1,3}\.$")


@dataclass
class Para:
    """One gold paragraph with where it came from (``sha1_ok`` is False when its text no
    longer hashes to the stored SHA-1, so every offset in it is suspect)."""

    set: str
    doc: str
    para: int
    text: str | None
    entities: list[tuple[int, int, str]]
    sha1_ok: bool = True
    reference: bool = False

    @property
    def where(self) -> str:
        return f"{self.set}:{self.doc}#{self.para}"


@dataclass
class Finding:
    kind: str
    surface: str
    detail: str
    places: list[str] = field(default_factory=list)
    reference: bool = False  # involves no news set: evidence only


# --- loading ----------------------------------------------------------------------------

def load_news(spans: Path, corpus: Path | None,
              read: Callable[[Path, set[str]], dict[str, list[str]]] = read_news_texts) -> list[Para]:
    """Join a spans file (``news-heldout.spans.jsonl``, or ``police.spans.jsonl`` with
    ``read=read_police_texts``) to the corpus texts, keeping a SHA-1 mismatch as a finding
    rather than an error (the loaders refuse it). Without the corpus every text is ``None``:
    only the checks that need no text (order, labels, overlaps) can run."""
    records = load_spans(spans)
    if corpus is None:
        return [Para(r["set"], r["doc"], r["para"], None, [tuple(e) for e in r["entities"]], False)
                for r in records]
    texts = read(corpus, {r["doc"] for r in records})
    out = []
    for r in records:
        paras = texts.get(r["doc"], [])
        text = paras[r["para"]] if r["para"] < len(paras) else ""
        ok = hashlib.sha1(text.encode("utf-8")).hexdigest() == r["sha1"]
        out.append(Para(r["set"], r["doc"], r["para"], text, [tuple(e) for e in r["entities"]], ok))
    return out


def load_reference(name: str, path: Path) -> list[Para]:
    """A plain gold file (``doc, para, text, entities``) as read-only evidence."""
    out = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            r = json.loads(line)
            out.append(Para(name, r["doc"], r["para"], r["text"], [tuple(e) for e in r["entities"]], True, True))
    return out


# --- (d) structure ----------------------------------------------------------------------

def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _edge_problem(frag: str) -> str | None:
    """Why a span's text has a bad edge, or None."""
    if frag != frag.strip():
        return "starts or ends on whitespace"
    first, last = frag[0], frag[-1]
    if not _is_word(first):
        close = _PAIRS.get(first)
        if close is None or close not in frag[1:]:
            return f"starts on punctuation {first!r}"
    if not _is_word(last):
        if last == "." and _ABBREV_END.search(frag):
            return None
        if last == "+" and _is_word(frag[-2:-1]):  # a name that ends in a plus: PL+, Google+
            return None
        opens = [o for o, c in _PAIRS.items() if c == last]
        if not any(o in frag[:-1] for o in opens):
            return f"ends on punctuation {last!r}"
    return None


def structure_findings(paras: Iterable[Para]) -> list[Finding]:
    """Everything a scorer or a tokenizer would trip on, one finding per problem."""
    out = []
    for p in paras:
        ents = p.entities
        if list(ents) != sorted(ents):
            out.append(Finding("structure", "", "entities not in offset order", [p.where], p.reference))
        for s, e, lab in ents:
            if lab not in LABELS:
                out.append(Finding("structure", "", f"unknown label {lab!r}", [p.where], p.reference))
        srt = sorted(ents)
        for a, b in zip(srt, srt[1:]):
            if b[0] < a[1]:
                both = f"{a[:2]} / {b[:2]}" if p.text is None else f"{p.text[a[0]:a[1]]} / {p.text[b[0]:b[1]]}"
                out.append(Finding("structure", both, f"overlap {a[2]} / {b[2]}", [f"{p.where}@{a[0]}"], p.reference))
        if p.text is None:
            continue
        if not p.sha1_ok:
            out.append(Finding("structure", "", "text does not match its SHA-1", [p.where], p.reference))
            continue
        for s, e, lab in ents:
            if not 0 <= s < e <= len(p.text):
                out.append(Finding("structure", "", f"span [{s}, {e}] outside the text", [p.where], p.reference))
                continue
            frag = p.text[s:e]
            why = _edge_problem(frag)
            if why:
                out.append(Finding("structure", frag, f"{lab} {why}", [f"{p.where}@{s}"], p.reference))
            if (s > 0 and _is_word(p.text[s - 1]) and _is_word(frag[0])) or (
                e < len(p.text) and _is_word(p.text[e]) and _is_word(frag[-1])
            ):
                out.append(Finding("structure", frag, f"{lab} cuts a word", [f"{p.where}@{s}"], p.reference))
    return out


# --- (a), (b), (c) ----------------------------------------------------------------------

def _labelled(paras: Iterable[Para]) -> dict[str, list[tuple[Para, int, int, str]]]:
    by_surface: dict[str, list[tuple[Para, int, int, str]]] = defaultdict(list)
    for p in paras:
        if p.text is None or not p.sha1_ok:
            continue
        for s, e, lab in p.entities:
            if 0 <= s < e <= len(p.text):
                by_surface[p.text[s:e]].append((p, s, e, lab))
    return by_surface


def _summary(places: list[tuple[Para, int, int, str]]) -> str:
    c = Counter((lab, p.set) for p, _, _, lab in places)
    return ", ".join(f"{lab} {n}x in {s}" for (lab, s), n in sorted(c.items()))


def label_findings(paras: list[Para]) -> list[Finding]:
    """(a) one surface, more than one label."""
    out = []
    for surface, places in sorted(_labelled(paras).items()):
        if len({lab for *_, lab in places}) > 1:
            out.append(Finding("label", surface, _summary(places),
                               [f"{p.where}@{s} {lab}" for p, s, _, lab in places],
                               all(p.reference for p, *_ in places)))
    return out


def _occurrences(text: str, surface: str) -> Iterable[int]:
    i = text.find(surface)
    while i >= 0:
        j = i + len(surface)
        if (i == 0 or not (_is_word(text[i - 1]) and _is_word(surface[0]))) and (
            j == len(text) or not (_is_word(text[j]) and _is_word(surface[-1]))
        ):
            yield i
        i = text.find(surface, i + 1)


def unlabelled_findings(paras: list[Para], min_chars: int = 2) -> list[Finding]:
    """(b) a labelled surface that also occurs, token-bounded, touched by no labelled span."""
    by_surface = _labelled(paras)
    out = []
    for surface, places in sorted(by_surface.items()):
        if len(surface) < min_chars:
            continue
        misses = []
        for p in paras:
            if p.text is None or not p.sha1_ok or surface not in p.text:
                continue
            for i in _occurrences(p.text, surface):
                j = i + len(surface)
                if not any(s < j and i < e for s, e, _ in p.entities):
                    misses.append((p, i))
        if misses:
            ref = all(p.reference for p, *_ in places) and all(p.reference for p, _ in misses)
            out.append(Finding("unlabelled", surface,
                               f"labelled {_summary(places)}; unlabelled {len(misses)}x in "
                               + ", ".join(sorted({p.set for p, _ in misses})),
                               [f"{p.where}@{i} unlabelled" for p, i in misses], ref))
    return out


def boundary_findings(paras: list[Para]) -> list[Finding]:
    """(c) a labelled span inside a longer labelled surface of the same label, where the
    text around the short span spells that longer surface."""
    by_surface = _labelled(paras)
    by_label: dict[str, set[str]] = defaultdict(set)
    for surface, places in by_surface.items():
        for *_, lab in places:
            by_label[lab].add(surface)
    out = []
    for short, places in sorted(by_surface.items()):
        for lab in sorted({lab for *_, lab in places}):
            for long in sorted(by_label[lab]):
                if long == short or short not in long:
                    continue
                offsets = list(_occurrences(long, short))
                hits = []
                for p, s, e, plab in places:
                    if plab != lab:
                        continue
                    for k in offsets:
                        if s - k >= 0 and p.text[s - k: s - k + len(long)] == long:
                            hits.append((p, s))
                            break
                if hits:
                    longs = by_surface[long]
                    ref = all(p.reference for p, _ in hits) and all(p.reference for p, *_ in longs)
                    out.append(Finding("boundary", f"[{short}] in {long}",
                                       f"{lab}: short {len(hits)}x ({', '.join(sorted({p.set for p, _ in hits}))}), "
                                       f"whole {sum(1 for *_, l in longs if l == lab)}x "
                                       f"({', '.join(sorted({p.set for p, *_, l in longs if l == lab}))})",
                                       [f"{p.where}@{s} short" for p, s in hits], ref))
    return out


def check(paras: list[Para], kinds: Iterable[str] = KINDS) -> list[Finding]:
    """Every finding of the chosen kinds, structure first (the others skip broken text)."""
    funcs = {"structure": structure_findings, "label": label_findings,
             "unlabelled": unlabelled_findings, "boundary": boundary_findings}
    out: list[Finding] = []
    for k in KINDS:
        if k in kinds:
            out.extend(funcs[k](paras))
    return out


# --- changes between two versions of the spans file ------------------------------------

def span_changes(old: list[dict], new: list[dict]) -> dict[str, Counter]:
    """Per set: spans ``added``, ``removed`` and ``relabelled`` (same offsets, other label)
    between two versions of ``news-heldout.spans.jsonl`` (records matched by doc and para)."""
    olds = {(r["doc"], r["para"]): r for r in old}
    out: dict[str, Counter] = defaultdict(Counter)
    for r in new:
        o = olds.get((r["doc"], r["para"]), {"entities": []})
        a = {(s, e): lab for s, e, lab in o["entities"]}
        b = {(s, e): lab for s, e, lab in r["entities"]}
        c = out[r["set"]]
        c["added"] += sum(1 for k in b if k not in a)
        c["removed"] += sum(1 for k in a if k not in b)
        c["relabelled"] += sum(1 for k in b if k in a and a[k] != b[k])
    return out
