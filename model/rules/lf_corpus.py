"""Corpus evidence: names that high-precision functions confirmed in several articles of
the corpus label their bare mentions elsewhere (document propagation, one level up).

``person_propagation`` spreads a name through one article; an article that only writes
``Villanueva`` or ``Abu Sayyaf`` without a cue gets nothing. ``anninh label`` first labels
the whole corpus, collects every name that a high-precision function (``rules.yaml``:
``corpus_gazetteer.sources``) found in at least ``min_articles`` articles, with one label
in nearly all of them, and runs a second pass where ``corpus_gazetteer`` votes for those
names wherever they appear as whole capitalised words. Its priority is the lowest, so
any rule that reads the context wins over it.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from model.text.normalize import norm_key

from .context import DocView
from .registry import Vote, labeling_function
from .settings import settings
from .syllable import is_vietnamese_syllable


_SHORTENED = re.compile(r"(?:^|\s|\.)[A-ZĐ]\.?$|^(?:[A-ZĐ]\.)+")


def gazetteer_settings() -> dict:
    cfg = settings().get("corpus_gazetteer") or {}
    return {"sources": tuple(cfg.get("sources", ())), "min_articles": int(cfg.get("min_articles", 3)),
            "min_agreement": float(cfg.get("min_agreement", 0.9)), "min_chars": int(cfg.get("min_chars", 4))}


@dataclass
class CorpusGazetteer:
    """Names confirmed across a corpus: folded text -> (label, number of articles)."""

    entries: dict[str, tuple[str, int]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def collect(cls, docs: Iterable[tuple[str, Iterable[tuple[str, dict[str, list[tuple[int, int, str]]]]]]],
                known: set[str] | None = None) -> "CorpusGazetteer":
        """``docs``: per article, ``(doc_id, [(paragraph text, votes by function)])``.
        ``known``: folded names the lexicons already hold (not worth adding)."""
        return cls.from_evidence(cls.evidence(docs), known)

    @staticmethod
    def evidence(docs: Iterable[tuple[str, Iterable[tuple[str, dict[str, list[tuple[int, int, str]]]]]]]
                 ) -> dict[str, dict[str, set[str]]]:
        """Folded name -> label -> the articles that confirm it. Kept apart from the
        thresholds so shards of a corpus labelled on different workers (``--engine ray``)
        can merge their evidence (a union per name and label) before deciding."""
        cfg = gazetteer_settings()
        sources = set(cfg["sources"])
        per_name: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for doc_id, paras in docs:
            for text, votes in paras:
                for fname, spans in votes.items():
                    if fname not in sources:
                        continue
                    for s, e, lab in spans:
                        name = text[s:e]
                        if len(name) < cfg["min_chars"] or not name[:1].isupper():
                            continue
                        if " " not in name and is_vietnamese_syllable(name.lower()) and not name.isupper():
                            continue  # `Dũng`, `Long`: a given name alone means nothing across articles
                        if _SHORTENED.search(name):
                            continue  # `P.V.K.`, `Nguyễn Văn T.`: privacy names are different people each time
                        if True:
                            per_name[norm_key(name)][lab].add(doc_id)
        return per_name

    @classmethod
    def from_evidence(cls, per_name: dict[str, dict[str, set[str]]], known: set[str] | None = None
                      ) -> "CorpusGazetteer":
        """The names whose evidence passes ``min_articles`` and ``min_agreement``."""
        cfg = gazetteer_settings()
        out = {}
        for key, by_label in per_name.items():
            if known and key in known:
                continue
            lab, ids = max(by_label.items(), key=lambda kv: len(kv[1]))
            total = sum(len(v) for v in by_label.values())
            if len(ids) >= cfg["min_articles"] and len(ids) >= cfg["min_agreement"] * total:
                out[key] = (lab, len(ids))
        return cls(dict(sorted(out.items())))


def lexicon_keys() -> set[str]:
    """Folded names the lexicons already hold: a corpus gazetteer leaves them out
    (the same set as :meth:`RuleEngine.collect_corpus_gazetteer` builds)."""
    from .lexicon import categories, load_lexicon

    return {norm_key(e) for stem, section, _ in categories().values() for e in load_lexicon(stem, section)}


@labeling_function("corpus_gazetteer", ["AGENCY", "PERSON", "LOCATION"])
def corpus_gazetteer(view: DocView) -> Iterator[Vote]:
    """A name that high-precision functions confirmed in several other articles of the
    corpus (``anninh label``'s first pass), wherever it stands as whole capitalised words;
    silent until a corpus gazetteer is set on the engine."""
    gaz: CorpusGazetteer | None = getattr(view, "corpus_gazetteer", None)
    if not gaz:
        return
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = view.cache.get("gaz_index")
    if by_first is None:
        by_first = defaultdict(list)
        for key, (lab, _n) in gaz.entries.items():
            toks = tuple(key.split(" "))
            by_first[toks[0]].append((toks, lab))
        for v in by_first.values():
            v.sort(key=lambda x: -len(x[0]))
        view.cache["gaz_index"] = by_first
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            cands = by_first.get(pv.low[k])
            if not cands or not pv.cap[k] or (k > 0 and pv.namelike[k - 1] and pv.gap[k]):
                continue
            for toks, lab in cands:
                e = k + len(toks)
                if e <= n and tuple(pv.low[k:e]) == toks and not pv.name_at(e):
                    yield pv.index, k, e, lab
                    break
