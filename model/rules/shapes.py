"""Name shapes shared by the labeling functions: token predicates and document facts.

Several rule modules ask the same questions of a token: does a Vietnamese full name
start here (``Nguyễn Văn A``)? Is the word before it an honorific (``ông``, ``bà``)? Is
it a number, an acronym, a place of the gazetteer? Each question is answered here once,
under a public name with an example, so that no rule module reaches into another's
private helpers and a fix to a shape reaches every function that uses it.

Two shapes are written once here, as skweak writes its annotator classes, and several
labeling functions are instances of them: :class:`CueThenName` (a cue from the lexicons,
then the name after it, cue outside: ``Đại tá [Nguyễn Văn A]``, ``ông [Lưu]``, ``bệnh viện
[Hồng Phúc]``) and :class:`KnownSurfaces` (stage-2 propagation: a surface the earlier
stages labelled labels its other mentions: ``huyện Cẩm Xuyên`` ... ``ở [Cẩm Xuyên]``). The
grammars of agency and place names are in :mod:`.grammar`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from .context import DocView, ParaView
from .lexicon import word_set
from .resources import PLACE_CATEGORIES, ROMAN_RE

# An acronym of two to eight capitals or digits: `IS`, `TTXVN`, `PC02`, `NN&PTNT`.
ACRONYM_RE = re.compile(r"^[A-ZĐ][A-ZĐ0-9&]{1,7}$")
# Honorifics and role nouns: a name after them is a person's (`bà Nga`, `ông Cẩm Xuyên`).
PERSON_BEFORE = word_set("person_cues", "polite") | word_set("person_cues", "strong_roles")
COUNTRY_CATEGORIES = ("country", "country_amb")


def is_number(pv: ParaView, k: int) -> bool:
    """Token ``k`` is a number in digits or Roman numerals: ``Quận [1]``, ``khóa [XIV]``."""
    s = pv.norm[k]
    return s.isdigit() or bool(ROMAN_RE.match(s))


def gazetteer_end(pv: ParaView, k: int) -> int:
    """End of the longest place of the gazetteer at ``k`` (``k`` if none): ``[Nghệ An]``."""
    return pv.longest(k, PLACE_CATEGORIES)


def is_surname(pv: ParaView, k: int) -> bool:
    """Token ``k`` is a surname, strong or weak: ``[Hồ] Chí Minh`` (not the lake ``hồ``)."""
    return pv.low[k] in pv.res.surnames or pv.low[k] in pv.res.weak_surnames


def person_starts(pv: ParaView, k: int) -> bool:
    """A Vietnamese full name starts at ``k``: a surname and more name syllables.

    Accepts ``[Nguyễn] Văn A``, ``[Đỗ] Văn Chiến``; rejects ``Nghệ An`` (no surname) and a
    weak surname before a word that is no middle name (``Hà Nội``)."""
    if k + 1 >= pv.n or not pv.namelike[k + 1] or not pv.gap[k + 1]:
        return False
    low = pv.low[k]
    res = pv.res
    nxt = pv.low[k + 1]
    return low in res.surnames or (low in res.weak_surnames and nxt in res.middle_names and nxt not in res.surnames)


def person_cue_before(pv: ParaView, k: int, words: frozenset[str] = PERSON_BEFORE) -> bool:
    """An honorific or a role noun (or another of ``words``) comes right before ``k``: a
    name there is a person's (``ông [Cẩm Xuyên]``), not the district ``Cẩm Xuyên``."""
    return k > 0 and pv.low[k - 1] in words


# words before a one-syllable country that make it the country (`tại [Nga]`, `Tại [Anh],`)
COUNTRY_CUES = word_set("place_cues", "amb_before")


def glued_name_before(pv: ParaView, i: int) -> bool:
    """A capitalised word glued before ``i`` that is no country, title or country cue: ``i``
    ends a person's name (``Phương [Nga]``), not a country after a name (``Tổng thống Nga``)
    or after a capitalised cue that opens a sentence (``Tại [Anh],``, ``Báo [Mỹ]:``)."""
    return i > 0 and pv.namelike[i - 1] and pv.gap[i] and not pv.caps_para \
        and pv.longest(i - 1, COUNTRY_CATEGORIES) == i - 1 and not pv.at(i - 1, "title", case=False) \
        and pv.low[i - 1] not in COUNTRY_CUES


def countries_used_as_names(view: DocView) -> frozenset[str]:
    """One-syllable countries the article also uses as a person's name (``bà Nga``,
    ``ông Mỹ``, ``Phương Nga``): there, none of their mentions is taken for the country
    (folded syllables; computed once per article)."""
    cached = view.cache.get("amb_as_names")
    if cached is not None:
        return cached
    out = set()
    for pv in view.paras:
        for i in pv.matches:
            for j, _e in pv.at(i, "country_amb")[:1]:
                if j - i == 1 and (person_cue_before(pv, i) or glued_name_before(pv, i)):
                    out.add(pv.low[i])
    view.cache["amb_as_names"] = frozenset(out)
    return view.cache["amb_as_names"]


# --- shapes ---------------------------------------------------------------------------

Span = tuple[int, int]


def _any_cue(pv: ParaView, i: int, c: int, j: int, e: int) -> bool:
    return True


def _at_cue_end(pv: ParaView, c: int) -> int:
    return c


@dataclass(frozen=True)
class CueThenName:
    """A cue the lexicon trie finds (categories ``cue``), then the name that ``name_end``
    reads from where the cue ends; the cue stays outside the span.

    ``skip(pv, c)`` moves past words between the cue's end ``c`` and the name (``tên là``);
    ``keep(pv, i, c, j, e)`` sees the cue ``i:c`` and the name ``j:e`` and refuses what the
    cue alone cannot tell (``Đại tá [Nguyễn Văn A]`` yes, ``Đại tá Nghệ An`` no: a place).
    ``case``: the cue's capitalisation is checked; ``mixed_case_only``: headlines written in
    capitals are skipped."""

    cue: str | tuple[str, ...]
    name_end: Callable[[ParaView, int], int]
    keep: Callable[[ParaView, int, int, int, int], bool] = _any_cue
    skip: Callable[[ParaView, int], int] = _at_cue_end
    case: bool = False
    mixed_case_only: bool = False

    def spans(self, pv: ParaView) -> Iterator[Span]:
        """The names of one paragraph, in the order of their cues."""
        if self.mixed_case_only and pv.caps_para:
            return
        for i in pv.matches:
            hits = pv.at(i, self.cue, case=self.case)
            if not hits:
                continue
            c = hits[0][0]
            j = self.skip(pv, c)
            e = self.name_end(pv, j)
            if e > j and self.keep(pv, i, c, j, e):
                yield j, e

    def votes(self, view: DocView, label: str) -> Iterator[tuple[int, int, int, str]]:
        for pv in view.paras:
            for j, e in self.spans(pv):
                yield pv.index, j, e, label


def _any_span(pv: ParaView, k: int, e: int) -> bool:
    return True


@dataclass(frozen=True)
class KnownSurfaces:
    """Stage-2 propagation (skweak's document-level sources): the surfaces ``collect(view)``
    takes from the earlier stages' spans label their other mentions in the article, longest
    first, on tokens no earlier span covers.

    ``cased``: surfaces compare as written (``IS`` is not ``is``), else case-folded;
    ``min_len``: the shortest surface looked for; ``starts(pv, k, taken)``: a mention may
    start at ``k``; ``fits(pv, k, e)``: ``k:e`` may be one mention (else a shorter surface is
    tried); ``is_mention(pv, k, e)``: the longest surface found is a mention (else the scan
    goes on at ``k + 1``); ``emit(pv, k, e)``: a mention is voted for (else it is passed
    over whole: ``(Ảnh: X)``, a credit, is no mention to label nor to split)."""

    collect: Callable[[DocView], set[tuple[str, ...]]]
    starts: Callable[[ParaView, int, list[bool]], bool]
    cased: bool = False
    min_len: int = 1
    fits: Callable[[ParaView, int, int], bool] = _any_span
    is_mention: Callable[[ParaView, int, int], bool] = _any_span
    emit: Callable[[ParaView, int, int], bool] = _any_span

    def _surface_end(self, pv: ParaView, k: int, taken: list[bool], known: set, max_len: int,
                     firsts: frozenset[str] = frozenset()) -> int:
        words = pv.norm if self.cased else pv.low
        if firsts and words[k] not in firsts:
            return k  # (speed) no known surface starts with this word
        for L in range(min(max_len, pv.n - k), self.min_len - 1, -1):
            if tuple(words[k:k + L]) in known and not any(taken[k:k + L]) and self.fits(pv, k, k + L):
                return k + L
        return k

    def votes(self, view: DocView, label: str) -> Iterator[tuple[int, int, int, str]]:
        known = self.collect(view)
        if not known:
            return
        max_len = max(len(s) for s in known)
        firsts = frozenset(s[0] for s in known)
        for pv in view.paras:
            taken = view.taken(pv)
            k = 0
            while k < pv.n:
                end = self._surface_end(pv, k, taken, known, max_len, firsts) if self.starts(pv, k, taken) else k
                if end > k and self.is_mention(pv, k, end):
                    if self.emit(pv, k, end):
                        yield pv.index, k, end, label
                    k = end
                else:
                    k += 1
