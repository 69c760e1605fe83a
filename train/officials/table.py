"""One row per person over a corpus: ranks with their dates, posts, agencies, evidence.

Names are merged by their normalised form (case, NFC/NFD and tone placement folded), and
a short mention counts under the fuller name the same article gives (``Thăng`` ->
``Đinh La Thăng``, by :mod:`model.officials`). A name shortened for privacy stays itself:
``Nguyễn Văn H.`` is not ``Nguyễn Văn Hùng``. Facts that disagree are kept and listed:
two ranks for one person on one date is a conflict (a typo, a promotion reported
late, or two people of one name), and the analyst decides.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from model.officials import Official, agency_key
from model.text import normalize, norm_key

EVIDENCE_CHARS = 400  # longest evidence sentence kept (scraped paragraphs run on)


def person_key(name: str) -> str:
    """The merge key of a name: normalised, lower-cased, spaces collapsed."""
    return norm_key(name)


def display(text: str) -> str:
    """A value as shown: normalised (NFC, one tone placement), spaces collapsed, first
    letter capitalised (``đại tá`` -> ``Đại tá``)."""
    t = " ".join(normalize(text).text.split())
    return t[:1].upper() + t[1:]


def display_rank(text: str) -> str:
    """A rank in one spelling: ``Thiếu Tướng``, ``THIẾU TƯỚNG`` -> ``Thiếu tướng``."""
    t = display(text)
    return t[:1] + t[1:].lower()


@dataclass
class Evidence:
    doc: str
    date: str | None
    sentence: str
    richness: int  # rank + posts + agencies named in it: the richest mention is shown


@dataclass
class PersonRow:
    key: str
    names: Counter = field(default_factory=Counter)
    ranks: dict[str, set] = field(default_factory=lambda: defaultdict(set))  # rank -> dates ("" unknown)
    rank_by_date: dict[str, dict[str, set]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(set)))
    posts: Counter = field(default_factory=Counter)  # "Giám đốc — Công an TP.HCM" or "Giám đốc"
    agencies: Counter = field(default_factory=Counter)
    docs: set = field(default_factory=set)
    dates: set = field(default_factory=set)
    mentions: int = 0
    evidence: Evidence | None = None

    @property
    def name(self) -> str:
        return self.names.most_common(1)[0][0]

    @property
    def agency(self) -> str:
        return self.agencies.most_common(1)[0][0] if self.agencies else ""

    @property
    def first_seen(self) -> str:
        return min(self.dates) if self.dates else ""

    @property
    def last_seen(self) -> str:
        return max(self.dates) if self.dates else ""

    def conflicts(self) -> list[str]:
        """``2017-02-06: Đại tá (doc a) / Thượng tá (doc b)`` for each date with two ranks."""
        out = []
        for date, by_rank in sorted(self.rank_by_date.items()):
            if len(by_rank) > 1:
                parts = [f"{r} ({', '.join(sorted(docs)[:3])})" for r, docs in sorted(by_rank.items())]
                out.append(f"{date}: " + " / ".join(parts))
        return out

    def to_dict(self) -> dict:
        ev = self.evidence
        return {
            "key": self.key,
            "name": self.name,
            "ranks": [{"rank": r, "dates": sorted(d for d in ds if d)} for r, ds in sorted(self.ranks.items())],
            "posts": [p for p, _ in self.posts.most_common()],
            "agencies": [a for a, _ in self.agencies.most_common()],
            "agency": self.agency,
            "n_articles": len(self.docs),
            "n_mentions": self.mentions,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
            "evidence_doc": ev.doc if ev else "",
            "evidence_date": (ev.date or "") if ev else "",
            "evidence": ev.sentence if ev else "",
            "conflicts": self.conflicts(),
        }


class OfficialsTable:
    """Accumulates records article by article."""

    def __init__(self) -> None:
        self.rows: dict[str, PersonRow] = {}
        self.n_docs = 0
        self.n_docs_dated = 0
        self.n_records = 0
        self._agency_names: dict[str, Counter] = defaultdict(Counter)
        self._post_names: dict[str, str] = {}

    def add(self, doc_id: str, date: str | None, records: list[Official]) -> None:
        self.n_docs += 1
        self.n_docs_dated += date is not None
        for rec in records:
            self.n_records += 1
            key = person_key(rec.name)
            row = self.rows.get(key)
            if row is None:
                row = self.rows[key] = PersonRow(key)
            row.names[" ".join(normalize(rec.name).text.split())] += 1
            row.docs.add(doc_id)
            row.mentions += 1
            if date:
                row.dates.add(date)
            if rec.rank is not None:
                rank = display_rank(rec.rank.text)
                row.ranks[rank].add(date or "")
                row.rank_by_date[date or f"article {doc_id}"][rank].add(doc_id)
            names = []
            for p in rec.posts:
                post = self._spelling(display(p.post.text))
                ag = p.agency_name
                if ag:
                    ag_disp = self._agency_display(ag)
                    row.agencies[ag_disp] += 1
                    names.append(ag_disp)
                    row.posts[f"{post} — {ag_disp}"] += 1
                else:
                    row.posts[post] += 1
            richness = (rec.rank is not None) + len(rec.posts) + len(names)
            if row.evidence is None or richness > row.evidence.richness:
                sent = rec.sentence.text if rec.sentence else rec.person.text
                sent = " ".join(sent.split())
                if len(sent) > EVIDENCE_CHARS:
                    sent = sent[:EVIDENCE_CHARS - 1] + "…"
                row.evidence = Evidence(doc_id, date, sent, richness)

    def _spelling(self, post: str) -> str:
        """One spelling per post, the first seen (``Phó giám đốc`` = ``Phó Giám đốc``)."""
        return self._post_names.setdefault(norm_key(post), post)

    def _agency_display(self, name: str) -> str:
        """One spelling per agency: the first one seen (``Công an TP.HCM`` and
        ``Công an TPHCM`` are one agency)."""
        k = agency_key(name)
        c = self._agency_names[k]
        shown = " ".join(normalize(name).text.split())
        c[shown] += 1
        return next(iter(c))

    def sorted_rows(self) -> list[PersonRow]:
        """Most articles first, then by name."""
        return sorted(self.rows.values(), key=lambda r: (-len(r.docs), -r.mentions, r.key))

    def conflicts(self) -> list[tuple[str, str]]:
        return [(r.name, c) for r in self.sorted_rows() for c in r.conflicts()]
