"""Turn a labeller's short notes into link gold with offsets only.

Labelling links by hand is quicker in words than in offsets: a note names the person
mention by its paragraph and start offset and gives the rank, posts and agencies as they
are written (``DOC PARA START | r=Đại tá | p=Giám đốc>Công an tỉnh An Giang ; p=Bí thư``).
This module finds those words in the paragraph gold text (the nearest occurrence to the
person; an agency not in the paragraph is looked for in the article's earlier, then later
paragraphs, which is how an elided agency points to its antecedent) and writes the
offsets-only lines of ``data/gold/links/*.links.jsonl``. The notes of texts that may not
be copied into the repository stay outside it; only the offsets are kept.
"""
from __future__ import annotations

import json
from pathlib import Path


class NotesError(ValueError):
    """A note names a person or a word that is not in the gold text."""


def read_paragraph_gold(path: str | Path) -> dict[str, dict[int, dict]]:
    """``{doc: {para: record}}`` from a paragraph gold file (``text`` and ``entities``)."""
    docs: dict[str, dict[int, dict]] = {}
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            docs.setdefault(r["doc"], {})[int(r["para"])] = r
    return docs


def _nearest(text: str, needle: str, pos: int, after_first: bool = False) -> int | None:
    """Start of the occurrence of ``needle`` nearest to ``pos`` (after it first when asked)."""
    hits, k = [], text.find(needle)
    while k >= 0:
        hits.append(k)
        k = text.find(needle, k + 1)
    if not hits:
        return None
    if after_first:
        later = [h for h in hits if h >= pos]
        if later and later[0] - pos < 120:
            return later[0]
    return min(hits, key=lambda h: (abs(h - pos), h))


def _find(doc: dict[int, dict], para: int, needle: str, pos: int, after_first: bool = False) -> list[int]:
    """``[para, start, end]`` of ``needle``: this paragraph, else earlier ones (nearest
    first), else later ones."""
    k = _nearest(doc[para]["text"], needle, pos, after_first)
    if k is not None:
        return [para, k, k + len(needle)]
    order = [p for p in sorted(doc, reverse=True) if p < para] + [p for p in sorted(doc) if p > para]
    for p in order:
        t = doc[p]["text"]
        k = t.rfind(needle) if p < para else t.find(needle)
        if k >= 0:
            return [p, k, k + len(needle)]
    raise NotesError(f"{needle!r} is nowhere in the article")


def parse_note(line: str, docs: dict[str, dict[int, dict]], set_name: str | None = None) -> dict:
    """One note line -> one link gold record (offsets only)."""
    head, *parts = [p.strip() for p in line.split("|")]
    doc_id, para_s, start_s = head.split()
    para, start = int(para_s), int(start_s)
    if doc_id not in docs or para not in docs[doc_id]:
        raise NotesError(f"{doc_id} paragraph {para} is not in the gold file")
    doc = docs[doc_id]
    person = [s for s, e, lab in doc[para]["entities"] if lab == "PERSON" and s == start]
    if not person:
        raise NotesError(f"no PERSON starts at {start} in {doc_id} paragraph {para}")
    end = next(e for s, e, lab in doc[para]["entities"] if lab == "PERSON" and s == start)
    rec: dict = {"doc": doc_id, "para": para, "person": [start, end], "rank": None, "posts": []}
    if set_name:
        rec = {"set": set_name, **rec}
    for part in parts:
        for item in [x.strip() for x in part.split(";") if x.strip()]:
            key, _, value = item.partition("=")
            if key == "r":
                rec["rank"] = _find(doc, para, value, start - len(value) - 1)
            elif key == "p":
                post, _, agency = value.partition(">")
                p_span = _find(doc, para, post.strip(), start)
                a_span = None
                if agency.strip():
                    a_span = _find(doc, para, agency.strip(), p_span[2] if p_span[0] == para else start,
                                   after_first=True)
                rec["posts"].append({"post": p_span, "agency": a_span})
            else:
                raise NotesError(f"unknown key {key!r} in {line!r} (use r= or p=)")
    return rec


def notes_to_links(notes: str | Path, gold: str | Path, out: str | Path, set_name: str | None = None) -> int:
    """Convert a notes file into a links file; returns the number of mentions written."""
    docs = read_paragraph_gold(gold)
    recs = [parse_note(line, docs, set_name) for line in Path(notes).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]
    Path(out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return len(recs)
