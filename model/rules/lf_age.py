"""PERSON right before an age or a birth year: ``[N.V.H] (SN 2002)``, ``em [BTH] (15
tuổi)``, ``[Hùng], 40 tuổi``, ``anh [V. V. T] (SN 1991)``.

Police news gives nearly every suspect and victim an age or a birth year right after the
name, in brackets or after a comma, and the shortest names come with it: privacy
initials (dotted, spaced or written as one capitalised word after an honorific) and given
names alone, which the surname rules cannot see. Full names are left to those rules; this
one votes only for the short forms, and only where the age follows at once.
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import DocView, ParaView
from .lexicon import word_set
from .registry import Vote, labeling_function

_AGE_WORDS = word_set("person_cues", "age_cues")
_POLITE = word_set("person_cues", "polite")
# `N.V.H`, `L.Th.H`: initials (a capital and up to two small letters) joined by periods
_PRIVACY = re.compile(r"^(?:[A-ZĐ][a-zđ]{0,2}\.)+[A-ZĐ][a-zđ]{0,2}$")
# `BTH`, `TTML`: initials written as one word, a person's only after an honorific
_CAPS_INITIALS = re.compile(r"^[A-ZĐ]{2,4}$")


def _age_at(pv: ParaView, k: int) -> bool:
    """An age or a birth year starts at token ``k``: ``SN 1990``, ``sinh năm 1990``, ``40 tuổi``."""
    e = pv.phrase_end(k, _AGE_WORDS)
    if k < e < pv.n and pv.norm[e].isdigit():
        return True
    return k + 1 < pv.n and pv.norm[k].isdigit() and pv.low[k + 1] == "tuổi"


def _short_name_before(pv: ParaView, e: int) -> int:
    """Start of the short name that ends right before token ``e`` (``e`` if none)."""
    k = e - 1
    if k < 0:
        return e
    if pv.norm[k] == "." and not pv.gap[k] and k > 0 and _PRIVACY.match(pv.norm[k - 1]):
        return k - 1  # `L.Th.H.`: the closing period stays in the name
    if _PRIVACY.match(pv.norm[k]):
        return k
    if len(pv.norm[k]) == 1 and pv.norm[k].isupper():  # `V. V. T`: spaced initials
        s = k
        while s >= 2 and pv.norm[s - 1] == "." and not pv.gap[s - 1] and len(pv.norm[s - 2]) == 1 \
                and pv.norm[s - 2].isupper() and pv.gap[s]:
            s -= 2
        return s if s < k else e
    if _CAPS_INITIALS.match(pv.norm[k]) and k > 0 and pv.low[k - 1] in _POLITE and not pv.matches.get(k):
        return k
    # a given name alone (one or two syllables), after a word that is no part of a name
    for s in (k - 1, k):
        if s < 0 or not all(pv.namelike[t] and pv.vn(t) and not pv.stop[t] for t in range(s, e)):
            continue
        if s > 0 and pv.namelike[s - 1] and pv.gap[s]:
            continue  # part of a longer capitalised run: the surname rules' or no name
        if (pv.low[s] in pv.res.surnames and e - s == 2) or pv.matches.get(s):
            continue  # a surname and a name, or a word a lexicon knows (a place, a head)
        if all(pv.gap[t] for t in range(s + 1, e)):
            return s
    return e


@labeling_function("person_before_age", ["PERSON"])
def person_before_age(view: DocView) -> Iterator[Vote]:
    """A short name right before ``(`` or ``,`` and an age or a birth year."""
    for pv in view.paras:
        for e in range(1, pv.n - 1):
            if pv.norm[e] not in {"(", ","} or not _age_at(pv, e + 1):
                continue
            s = _short_name_before(pv, e)
            if s < e:
                yield pv.index, _with_surname(pv, s), e, "PERSON"


def _with_surname(pv: ParaView, s: int) -> int:
    """Privacy initials keep the surname and middle names written before them
    (``[Nguyễn Thị T.A.] (SN 1999)``, ``[Đặng T.H.]``)."""
    if pv.namelike[s] and pv.norm[s][1:2] != ".":
        return s  # a given name alone: nothing to add
    t = s
    while t > 0 and s - t < 3 and pv.namelike[t - 1] and pv.gap[t] and pv.vn(t - 1) and not pv.stop[t - 1]:
        t -= 1
    while t < s and pv.low[t] not in pv.res.surnames:
        t += 1
    return t
