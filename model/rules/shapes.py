"""Name shapes shared by the labeling functions: token predicates and document facts.

Several rule modules ask the same questions of a token: does a Vietnamese full name
start here (``Nguyễn Văn A``)? Is the word before it an honorific (``ông``, ``bà``)? Is
it a number, an acronym, a place of the gazetteer? Each question is answered here once,
under a public name with an example, so that no rule module reaches into another's
private helpers and a fix to a shape reaches every function that uses it.

The shapes themselves (a cue and the name after it, a known surface propagated through
the article, a head and the place after it) are in :mod:`.shape_rules`; the grammars of
agency and place names in :mod:`.grammar`.
"""
from __future__ import annotations

import re

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


def glued_name_before(pv: ParaView, i: int) -> bool:
    """A capitalised word glued before ``i`` that is no country nor a title: ``i`` ends a
    person's name (``Phương [Nga]``), not a country after a name (``Tổng thống Nga``)."""
    return i > 0 and pv.namelike[i - 1] and pv.gap[i] and not pv.caps_para \
        and pv.longest(i - 1, COUNTRY_CATEGORIES) == i - 1 and not pv.at(i - 1, "title", case=False)


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
