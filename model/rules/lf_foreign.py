"""PERSON for foreign names in translated news (``Cảnh sát trưởng Kuala Lumpur [Ramon Villanueva]``,
``[Budi Hartono] cho biết``).

Western, Russian, Thai, Indonesian and Filipino names are written in their own spelling,
so they start with no Vietnamese surname and the surname rules cannot see them; many
brand, event and place names look the same. What tells a person is the context: a title,
rank or honorific before the name, or a speech verb after it. The run must hold at least
one syllable that Vietnamese cannot spell (``Hartono``), and no known place or agency.
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import DocView, ParaView, entry_shape
from .grammar import agency_spans
from .lexicon import word_set
from .registry import Vote, labeling_function
from .resources import PLACE_CATEGORIES
from .settings import threshold
from .shapes import KnownSurfaces

_TRIGGERS = ("title", "honorific", "rank")
# Letters only Vietnamese spelling uses: a word with one is not part of a foreign name.
_VIET_LETTER = re.compile("[đĐăĂâÂêÊôÔơƠưƯ\u1ea0-\u1ef9]")
_MC = re.compile(r"^(?:Mc|Mac|O'|D'|De|Di|Le|La)[A-Z][a-z]+$")  # `McCabe`, `O'Neill`, `DeSantis`
_PLACES = tuple(PLACE_CATEGORIES) + ("country_amb", "place_amb")


def foreign_run(pv: ParaView, k: int) -> int:
    """End of a foreign personal name at ``k`` (``k`` if none): 2+ capitalised syllables,
    one of them not Vietnamese, no place or agency head inside."""
    if k >= pv.n or not pv.namelike[k] or pv.stop[k]:
        return k
    if pv.at(k, ("honorific", "title"), case=False):
        return k  # `Ông Trump`: the honorific is the trigger, not the first name
    e = pv.name_run(k, threshold("foreign_name_max_tokens"))
    if e - k < 2 or pv.all_vn(k, e):
        return k
    not_name = word_set("foreign_name_cues", "not_name")
    for t in range(k, e):
        w = pv.norm[t]
        if pv.low[t] in not_name or (w[1:] != w[1:].lower() and not _MC.match(w) and not pv.hyphen_part(t)):
            return k  # `The Daily Mirror`, `VietinBank`: a brand or a title, not a person
    if any(pv.longest(t, _PLACES) > t for t in range(k, e)) or pv.at(k, ("named", "unit_head", "place_head", "force_head")):
        return k  # `Tổng thống Pháp Emmanuel Macron`: the country is not part of the name
    if k > 0 and pv.at(k - 1, ("admin_division", "admin_place"), case=False):
        return k  # `huyện Chư Păh`: a place after an administrative word
    if e < pv.n and not pv.gap[e] and pv.norm[e][:1] in {".", "@"} and e + 1 < pv.n and not pv.gap[e + 1]:
        return k  # `Twitter.com`, an address
    return e


def _phrase_before(pv: ParaView, k: int, words: frozenset[str]) -> bool:
    return any(k - L >= 0 and " ".join(pv.low[k - L:k]) in words for L in (3, 2, 1))


def _after_trigger(pv: ParaView, k: int, starts: dict[int, int]) -> set[int]:
    """Where a name may start after a trigger ending at ``k``: right there, or past the
    agency or place that qualifies a title (``Cảnh sát trưởng Kuala Lumpur [X]``), and the
    place of the post after it (``Đại sứ Mỹ tại Trung Quốc [X]``)."""
    out = {k}
    if k in starts:
        out.add(starts[k])
    g = pv.longest(k, _PLACES) if k < pv.n else k
    if g > k:
        out.add(g)
        if g + 1 < pv.n and pv.low[g] == "tại":  # `Đại sứ Mỹ tại Trung Quốc [X]`: where the post is
            h = pv.longest(g + 1, _PLACES)
            if h > g + 1:
                out.add(h)
    return out


@labeling_function("person_foreign_name", ["PERSON"])
def person_foreign_name(view: DocView) -> Iterator[Vote]:
    """A foreign full name after a title, rank, honorific or role (``Cảnh sát trưởng Kuala Lumpur
    [Ramon Villanueva]``, ``thủ phạm là [Mark Anthony Reyes]``), before a speech verb
    (``[Budi Hartono] cho biết``) or a role in apposition (``[Jan Kowalski], phóng viên``)."""
    before = word_set("foreign_name_cues", "before")
    after = word_set("foreign_name_cues", "after")
    appos = word_set("foreign_name_cues", "apposition")
    before_last = frozenset(w.split(" ")[-1] for w in before)
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        starts = dict(agency_spans(pv))
        cand: set[int] = set()
        for i in pv.matches:
            for j, _e in pv.at(i, _TRIGGERS, case=False)[:1]:
                cand |= _after_trigger(pv, j, starts)
        for k in range(1, n):
            if pv.namelike[k] and pv.low[k - 1] in before_last and _phrase_before(pv, k, before):
                cand.add(k)
        done = 0
        for k in range(n):
            if k < done or not pv.namelike[k] or (k + 1 < n and not pv.namelike[k + 1]):
                continue
            e = foreign_run(pv, k)
            if e == k or (k > 0 and pv.namelike[k - 1] and pv.gap[k] and k not in cand):
                continue
            t = e + 1 if e < n and pv.norm[e] == "," else e
            speech = pv.phrase_end(t, after) > t or (t > e and pv.phrase_end(t, appos) > t)
            if k not in cand and pv.vn(e - 1) and not pv.hyphen_part(e - 1):
                speech = False  # `Vinaconex Chiều ...`: a Vietnamese word ends the run; only a trigger vouches
            if k in cand or speech:
                viet = [t for t in range(k, e) if _VIET_LETTER.search(pv.norm[t])]
                if viet:  # `Nhà Trắng Sean Spicer`, `Điện Kremlin`: Vietnamese words, then maybe a name
                    if e - (viet[-1] + 1) < 2:
                        continue
                    k = viet[-1] + 1
                yield pv.index, k, e, "PERSON"
                done = e


_TITLE_CASE = re.compile(r"^[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?$")  # `Trump`, `Putin`, `Ban-Ki` (ASCII letters only)


@labeling_function("person_foreign_after_office", ["PERSON"])
def person_foreign_after_office(view: DocView) -> Iterator[Vote]:
    """A foreign office-holder named by the surname alone after the office, maybe with the
    country between: ``Tổng thống [Trump]``, ``Tổng thống Nga [Putin]``,
    ``Ngoại trưởng [Tillerson]``. One capitalised word that Vietnamese cannot spell, with
    no name word after it (longer names are ``person_foreign_name``'s), that is no known
    place or agency: ``Thị trưởng London`` is a place, ``Thủ tướng Chính phủ`` Vietnamese."""
    office = word_set("foreign_name_cues", "office")
    particles = word_set("foreign_name_cues", "particles")
    not_name = word_set("foreign_name_cues", "not_name")
    shape = entry_shape(office)
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        for j in range(n):
            if j == 0 or pv.low[j - 1] not in shape.lasts:
                continue  # (speed) no office ends right before `j`
            L = next((L for L in range(shape.longest, 0, -1) if j - L >= 0 and " ".join(pv.low[j - L:j]) in office), 0)
            if not L or not pv.cap[j - L]:
                continue  # `tổng thống` in lower case is the office in general, not a title before a name
            k = pv.longest(j, _PLACES)  # past a country: `Tổng thống Nga [Putin]`
            if k >= n or not pv.namelike[k] or not pv.gap[k]:
                continue
            if not _TITLE_CASE.match(pv.norm[k]) or pv.vn(k):  # ASCII title case: no Vietnamese letter
                continue
            if pv.name_at(k + 1):
                continue  # a longer name, or a name and a brand
            if k + 1 < n and pv.gap[k + 1] and pv.low[k + 1] in particles:
                continue  # `Lula da Silva`, `Bashar al-Assad`: the name goes on
            if pv.longest(k, _PLACES) > k or pv.at(k, ("named", "unit_head", "place_head", "force_head")):
                continue
            if pv.low[k] in not_name:
                continue
            yield pv.index, k, k + 1, "PERSON"


# `A.Tô`, `Ê.Ma`, `T.May`: one capital, a dot, a capitalised word, all one token
_INITIAL_DOT = re.compile(r"^([^\W\d_])\.([^\W\d_][^\W\d_]+)$")


@labeling_function("person_transliterated", ["PERSON"])
def person_transliterated(view: DocView) -> Iterator[Vote]:
    """A foreign name as the Vietnamese press transliterates it: an initial glued by a dot to
    the surname, its syllables joined by hyphens (``Tổng thống [A.Tô-lê-đô]``,
    ``[Ê.Ma-crông]``, ``[R.Con-xép-xi-ôn]``), or a one-word surname with nothing capitalised
    after it (``Thủ tướng [T.May] hối thúc``). The initials of ``Q.``/``P.``/``H.`` before a
    place (``Q.Tân Bình``) are ``foreign_name_cues [admin_initials]`` and need the hyphens."""
    admin = {w[0] for w in word_set("foreign_name_cues", "admin_initials")}
    before_place = word_set("foreign_name_cues", "place_before_initial")
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            m = _INITIAL_DOT.match(pv.norm[k]) if "." in pv.norm[k] else None
            if not m or not m.group(1).isupper() or not m.group(2)[0].isupper() or m.group(2)[1:].isupper():
                continue  # `TP.HCM`-like capitals are abbreviations, not names
            e = k + 1
            while e + 1 < n and pv.norm[e] == "-" and not pv.gap[e] and not pv.gap[e + 1] and pv.alpha[e + 1]:
                e += 2
            if e == k + 1 and (m.group(1).lower() in admin or (e < n and pv.namelike[e] and pv.gap[e])):
                continue  # `Q.Tân Bình`, `P.Bến Nghé`: a district or ward, not a person
            if e == k + 1 and k > 0 and pv.low[k - 1] in before_place:
                continue  # `châu Á.Nằm trong`: a place, then a sentence with no space after its stop
            yield pv.index, k, e, "PERSON"


def _foreign_surnames(view: DocView) -> set[tuple[str, ...]]:
    """The last word of each foreign PERSON span of two words or more found by the earlier
    stages, when Vietnamese cannot spell it and it is written in title case (``Hapilon`` of
    ``Isnilon Hapilon``): the surname a translated article goes on with."""
    out: set[tuple[str, ...]] = set()
    for pv in view.paras:
        for i, j, lab in view.prior_spans.get(pv.index, ()):
            if lab == "PERSON" and j - i >= 2 and j <= pv.n and _TITLE_CASE.match(pv.norm[j - 1]) \
                    and not pv.vn(j - 1) and not pv.hyphen_part(j - 1):
                out.add((pv.norm[j - 1],))
    return out


def _free_word(pv: ParaView, k: int, taken: list[bool]) -> bool:
    return not taken[k] and (k == 0 or pv.gap[k] or not pv.norm[k - 1][:1].isalnum())


def _surname_alone(pv: ParaView, k: int, e: int) -> bool:
    """The surname stands alone: no capitalised name word glued after or before it."""
    return not (e < pv.n and pv.gap[e] and pv.namelike[e]) and not (k > 0 and pv.gap[k] and pv.namelike[k - 1]
                                                                     and not pv.sent_start[k - 1])


_FOREIGN_SURNAME_MENTIONS = KnownSurfaces(collect=_foreign_surnames, starts=_free_word, cased=True,
                                          is_mention=_surname_alone)


@labeling_function("person_foreign_surname_alone", ["PERSON"])
def person_foreign_surname_alone(view: DocView) -> Iterator[Vote]:
    """Stage 2: a foreign surname alone after the article named the person in full
    (``Matt Carver ... [Carver] nói``), whole words only, where no earlier span is."""
    return _FOREIGN_SURNAME_MENTIONS.votes(view, "PERSON")
