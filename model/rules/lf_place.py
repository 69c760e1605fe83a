"""Labeling functions for LOCATION: gazetteer, administrative context, glued
abbreviations and country pairs (``biên giới Việt - Lào``)."""
from __future__ import annotations

import re
from typing import Iterator

from .context import TIME_AFTER, TIME_WORDS, DocView, ParaView
from .credits import in_credit
from .grammar import admin_at, admin_place, glued_admin, glued_place_end, place_name_end
from .lexicon import word_set
from .settings import threshold
from .registry import Vote, labeling_function
from .resources import PLACE_CATEGORIES
from .shapes import (COUNTRY_CUES, PERSON_BEFORE, KnownSurfaces, countries_used_as_names, is_number, is_surname,
                     person_cue_before)

# `văn bản X`, `chăm sóc`, `yêu cầu`: the "admin word" is the second half of a compound
_COUNTRY_TITLES = word_set("place_cues", "country_titles")
_AMB_STRONG = word_set("place_cues", "amb_strong")
_COMPASS = word_set("place_cues", "compass")
_COMPOUNDS = word_set("place_cues", "compounds")
_LIST_SEPS = word_set("place_cues", "list_seps")
_SIBLING_SEPS = word_set("place_cues", "sibling_seps")
_JUNCTIONS = word_set("place_cues", "junctions")
_ADDRESS_CUES = word_set("place_cues", "address_cues")
_NAMED_SITES = word_set("place_cues", "named_sites")
_TO_PERSON = word_set("place_cues", "to_person")


def _amb_context(pv: ParaView, i: int, j: int) -> bool:
    """Support for a one-syllable country that is also a word or a name (``Nga``, ``Mỹ``)."""
    n = pv.n
    if any(" ".join(pv.low[a:i]) in _COUNTRY_TITLES for a in range(max(0, i - 4), i)):
        return True  # a title of a country: `Tổng thống [Nga] Vladimir Putin`, `Ngoại trưởng [Mỹ]`
    if pv.name_at(j):
        return False  # part of a longer capitalised name: `Đức Anh`
    prev = pv.low[i - 1] if i > 0 else ""
    nxt = pv.norm[j] if j < n else ""
    if prev in COUNTRY_CUES or " ".join(pv.low[max(0, i - 2):i]) in COUNTRY_CUES:
        return True  # `tại [Nga]`, and a capitalised cue opening a sentence: `Tại [Anh],`
    if i > 0 and pv.namelike[i - 1] and pv.gap[i]:
        return False
    if (prev == "(" and nxt in {")", ","}) or (prev == "," and nxt == ")" and "(" in pv.norm[max(0, i - 12):i]):
        return True
    cc = ("country", "country_amb")
    if i >= 2 and pv.low[i - 1] in {",", "và"} and any(a >= 0 and pv.longest(a, cc) == i - 1 for a in (i - 4, i - 3, i - 2)):
        return True  # in a list with another country: `Nga, Pháp và Đức`
    if j + 1 < n and pv.low[j] in {",", "và"} and pv.longest(j + 1, cc) > j + 1:
        return True
    return False


@labeling_function("place_gazetteer", ["LOCATION"])
def place_gazetteer(view: DocView) -> Iterator[Vote]:
    """Provinces (before and after the 2025 merger), cities, districts, countries, Lao and
    Cambodian provinces from the lexicons, capitalised as in the lexicon; one-syllable
    countries that are also words (``Nga``, ``Mỹ``, ``Pháp``) only with supporting context."""
    cats = tuple(PLACE_CATEGORIES) + ("country_amb",)
    for pv in view.paras:
        i, n = 0, pv.n
        while i < n:
            hits = pv.at(i, cats) if i in pv.matches else ()
            if not hits or not pv.gap[i] and i > 0 and pv.norm[i - 1][:1].isalnum():
                i += 1
                continue
            j, e = hits[0]
            if j < n and not pv.gap[j] and pv.norm[j][:1].isalnum():
                i += 1  # glued to a following word
                continue
            if any(pv.gap[k] and pv.norm[k - 1] == "." for k in range(i + 1, j)):
                i += 1  # `TP. HCM`: an abbreviation and a space stay outside (`TP. [HCM]`), glued `[Tp.HCM]` not
                continue
            if e.category == "country_amb" and (not _amb_context(pv, i, j) or (
                    pv.low[i] in countries_used_as_names(view) and pv.low[i - 1 if i else 0] not in _AMB_STRONG)):
                i += 1
                continue
            yield pv.index, i, j, "LOCATION"
            i = j


_ROAD_HEADS = word_set("place_cues", "road_heads")
_ROAD_NUMBER = re.compile(r"^\d+[A-Z]?$")
# a one-word head glued to its number, written in capitals (`QL19B`, `QL.1A`)
_ROAD_GLUED = re.compile(r"^(?:" + "|".join(re.escape(h.upper()) for h in _ROAD_HEADS if " " not in h)
                         + r")\.?\d+[A-Z]?$")


@labeling_function("place_highway", ["LOCATION"])
def place_highway(view: DocView) -> Iterator[Vote]:
    """A national or provincial road by its capitalised name and number: ``[Quốc lộ 1A]``,
    ``[QL 14]``, ``[QL19B]``; a lower-case ``quốc lộ 1A`` is a number, like ``quận 8``."""
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            if _ROAD_GLUED.match(pv.norm[k]):
                yield pv.index, k, k + 1, "LOCATION"
                continue
            if not pv.cap[k]:
                continue
            for L in (2, 1):
                m = k + L
                if m < n and " ".join(pv.low[k:m]) in _ROAD_HEADS and all(pv.gap[k + 1:m + 1]) \
                        and _ROAD_NUMBER.match(pv.norm[m]):
                    yield pv.index, k, m + 1, "LOCATION"
                    break


_ADMIN_CATEGORIES = ("admin_division", "admin_place")


def _compound_admin_word(pv: ParaView, i: int) -> bool:
    """The "admin word" at ``i`` is the second half of a compound: ``văn [bản]``, ``chăm
    [sóc]``, ``yêu [cầu]`` (``place_cues [compounds]``)."""
    return i > 0 and f"{pv.low[i - 1]} {pv.low[i]}" in _COMPOUNDS


def _surname_not_place_word(pv: ParaView, i: int, category: str) -> bool:
    """A capitalised place word that is a surname here: ``[Hồ] Chí Minh``, ``[Châu] Văn
    Liêm``, not the lake ``hồ`` or the region ``châu``."""
    return category == "admin_place" and pv.cap[i] and is_surname(pv, i)


def _middle_name_not_place_word(pv: ParaView, i: int) -> bool:
    """A capitalised middle name after a surname or a cue for a person: ``Bùi [Đình] Túy``,
    ``bán cho [Đình] Tuấn``, not the temple ``đình``."""
    return pv.cap[i] and pv.low[i] in pv.res.middle_names and (
        (i > 0 and pv.namelike[i - 1] and pv.gap[i] and is_surname(pv, i - 1))
        or person_cue_before(pv, i, PERSON_BEFORE | _TO_PERSON))


def _compass_or_time(pv: ParaView, m: int, e: int) -> bool:
    """The name after the admin word is a direction or a time: ``miền [Nam]``, ``phía
    [Bắc]``; ``sông. [Chiều] ngày 16/5`` (a missing period before a time)."""
    name = " ".join(pv.low[m:e])
    if name in _COMPASS:
        return True
    return name in TIME_WORDS and (e >= pv.n or pv.low[e] in TIME_AFTER or pv.norm[e][:1].isdigit())


def _compass_then_known_place(pv: ParaView, m: int, e: int) -> bool:
    """A direction, then a place a lexicon knows, which together are no known place:
    ``miền Tây [Iraq]`` (a compass region of a country), not ``[Tây Java]`` (a province)."""
    return pv.low[m] in _COMPASS and e > m + 1 and pv.longest(m, PLACE_CATEGORIES) < e \
        and pv.longest(m + 1, tuple(PLACE_CATEGORIES) + ("country_amb",)) == e


def _unknown_acronym(pv: ParaView, m: int, e: int) -> bool:
    """One acronym no lexicon knows after the admin word: ``vùng [ANTT]`` (``tỉnh BR-VT`` is
    in the lexicon and stays a place)."""
    return pv.norm[m].isupper() and len(pv.norm[m]) > 1 and e == m + 1 and pv.longest(m, PLACE_CATEGORIES) == m


def _admin_place(pv: ParaView, i: int, m: int, category: str) -> tuple[int, int] | None:
    """The place named by the admin word ``i:m``, word outside (``tỉnh [Salavan]``), or
    inside for a site word written capitalised mid-sentence (``[Quảng trường Ba Đình]``);
    None where the word is part of a name or what follows it is no place."""
    if _compound_admin_word(pv, i) or _surname_not_place_word(pv, i, category) \
            or _middle_name_not_place_word(pv, i) or m >= pv.n or not pv.gap[m]:
        return None
    _, e = admin_place(pv, i, _ADMIN_CATEGORIES)
    if e <= m or (pv.caps_para and pv.longest(m, PLACE_CATEGORIES) == m):
        return None
    if _compass_or_time(pv, m, e) or _unknown_acronym(pv, m, e):
        return None
    if _compass_then_known_place(pv, m, e):
        return m + 1, e  # `miền Bắc [Iraq]`: the region is a direction, the country the place
    named_site = " ".join(pv.low[i:m]) in _NAMED_SITES and pv.cap[i] and not pv.sent_start[i] and not pv.caps_para
    return (i if named_site else m), e


def _sibling_starts(pv: ParaView, k: int) -> bool:
    """After one division word, the separator ``k`` may open a sibling of the same level:
    ``phường Tân Mỹ[,] Phú Hòa``; not before a surname or another admin word."""
    return pv.norm[k] in _SIBLING_SEPS and not is_surname(pv, k + 1) \
        and not pv.at(k + 1, _ADMIN_CATEGORIES, case=False)


def _sibling_name_ok(pv: ParaView, k: int, g: int) -> bool:
    """A sibling's name ``k+1:g`` is two to ``sibling_place_max_tokens`` syllables and ends
    the run: one syllable after a comma is mostly a given name (``xã A, [Dũng] nảy sinh``),
    a bracket after it a person's (``và B (sinh năm 1975)``)."""
    n = pv.n
    return 2 <= g - k - 1 <= threshold("sibling_place_max_tokens") \
        and not (g < n and pv.cap[g] and pv.gap[g]) and not (g < n and pv.norm[g] == "(")


def _list_item_end(pv: ParaView, k: int, plural: bool, junction: bool, division: bool) -> int:
    """End of the list item after the separator ``k`` (``k + 1``: none). A known place
    always; otherwise a capitalised name after a plural (``3 tỉnh A, [B] và [C]``), a
    junction's other street (``ngã ba A - [B]``) or a sibling of one division word."""
    g = pv.longest(k + 1, PLACE_CATEGORIES)
    if g > k + 1:
        return g
    sibling = division and _sibling_starts(pv, k)
    if not (plural or junction or sibling) or pv.stop[k + 1]:
        return k + 1
    g = place_name_end(pv, k + 1)
    if g > k + 1 and sibling and not plural and not _sibling_name_ok(pv, k, g):
        return k + 1
    return g


def _listed_places(pv: ParaView, i: int, m: int, e: int, division: bool) -> list[tuple[int, int]]:
    """The places listed after the first one (``e``) under the admin word ``i:m``:
    ``phường [Tân Mỹ], [Phú Hòa], [An Lạc]``, ``ngã tư [A] - [B]``."""
    plural = i > 0 and (pv.low[i - 1] in pv.res.plural_det or pv.norm[i - 1].isdigit())
    junction = " ".join(pv.low[i:m]) in _JUNCTIONS
    out: list[tuple[int, int]] = []
    k = e
    while k + 1 < pv.n and (pv.low[k] in _LIST_SEPS or (junction and pv.norm[k] == "-")):
        g = _list_item_end(pv, k, plural, junction, division)
        if g == k + 1:
            break
        out.append((k + 1, g))
        k = g
    return out


@labeling_function("place_admin_context", ["LOCATION"])
def place_admin_context(view: DocView) -> Iterator[Vote]:
    """A capitalised name after an administrative or place word, the word left outside:
    ``tỉnh [Salavan]``, ``thành phố [Vinh]``, ``TP [Cần Thơ]``, ``nước bạn [Lào]``; lists after a
    plural (``3 tỉnh [A], [B] và [C]``) give one LOCATION per name. A site word written
    capitalised inside a sentence begins the name (``[Quảng trường Ba Đình]``)."""
    for pv in view.paras:
        covered = 0
        for i in sorted(pv.matches):
            hits = pv.at(i, _ADMIN_CATEGORIES, case=False) if i >= covered else None
            if not hits:
                continue
            m, entry = hits[0]
            covered = m
            place = _admin_place(pv, i, m, entry.category)
            if place is None:
                continue
            listed = _listed_places(pv, i, m, place[1], entry.category == "admin_division")
            for s, e in [place] + listed:
                yield pv.index, s, e, "LOCATION"
            covered = max(covered, (listed[-1] if listed else place)[1])


@labeling_function("place_glued_admin", ["LOCATION"])
def place_glued_admin(view: DocView) -> Iterator[Vote]:
    """An administrative abbreviation glued to its name is one LOCATION
    (``[TP.Huế]``, ``[TP.HCM]``, ``[Q.Bình Thạnh]``)."""
    for pv in view.paras:
        for k in range(pv.n):
            if pv.norm[k][:1] in "TtQHPX" and glued_admin(pv, k):
                if k > 1 and pv.norm[k - 1] == ":" and pv.at(k - 2, "credit", case=False) and pv.norm[k][1] == ".":
                    continue  # `Ảnh: H.Tâm`: a reporter's initial and name, not `huyện Tâm`
                yield pv.index, k, k + 1 if pv.caps_para else glued_place_end(pv, k), "LOCATION"


@labeling_function("place_country_pair", ["LOCATION"])
def place_country_pair(view: DocView) -> Iterator[Vote]:
    """Each side of a country pair is a LOCATION: ``biên giới [Việt] - [Lào]``,
    ``[Việt Nam] - [Lào]``, ``quan hệ [Việt] - [Trung]``."""
    short = view.paras[0].res.country_short if view.paras else frozenset()
    for pv in view.paras:
        n = pv.n
        for k in range(1, n - 1):
            if pv.norm[k] != "-":
                continue
            # left side ends at k
            left = None
            if pv.low[k - 1] in short and pv.cap[k - 1]:
                left = (k - 1, k)
            for a in (k - 3, k - 2, k - 1):
                if a >= 0 and pv.longest(a, ("country", "country_amb")) == k:
                    left = (a, k)
                    break
            if left is None:
                continue
            right = None
            r = pv.longest(k + 1, ("country", "country_amb"))
            if r > k + 1:
                right = (k + 1, r)
            elif pv.low[k + 1] in short and pv.cap[k + 1]:
                right = (k + 1, k + 2)
            if right is None:
                continue
            if pv.name_at(right[1]):
                continue  # `Việt - Lào Cai`? only whole names
            both_short = (left[1] - left[0] == 1 and pv.low[left[0]] in short) or \
                         (right[1] - right[0] == 1 and pv.low[right[0]] in short)
            if not both_short and pv.longest(left[0], ("country",)) != left[1]:
                continue
            yield pv.index, left[0], left[1], "LOCATION"
            yield pv.index, right[0], right[1], "LOCATION"


_CHAIN_SEPS = frozenset({",", "-", "–"})


def _address_item(pv: ParaView, k: int) -> tuple[int, int, str]:
    """One item of an address at ``k``: ``(name start, end, kind)``, ``end == k`` if none.

    kinds: ``admin`` (``thôn Hợp Đức``, ``phường 13``: the admin rule labels its name),
    ``street`` (a house number, then the street: ``24 [Hàng Muối]``), ``known`` (a place
    of the gazetteer: ``Hà Nội``), ``bare`` (a run of capitalised syllables)."""
    n = pv.n
    m, e = admin_place(pv, k, _ADMIN_CATEGORIES)
    if m > k and m < n:
        if is_number(pv, m):
            return m, m + 1, "admin"
        return (m, e, "admin") if e > m else (k, k, "")
    if pv.norm[k][:1].isdigit() and k + 1 < n and pv.gap[k + 1]:
        e = pv.name_run(k + 1, 5)
        if e > k + 1 and pv.all_vn(k + 1, e):
            return k + 1, e, "street"
        return k, k, ""
    g = pv.longest(k, PLACE_CATEGORIES)
    if g > k:
        return k, g, "known"
    e = pv.name_run(k, 4)
    if e > k and pv.all_vn(k, e):
        return k, e, "bare"
    return k, k, ""


def _address_start(pv: ParaView, a: int) -> tuple[int, bool, bool] | None:
    """Where an address opening at ``a`` has its first item, and whether a bracket or an
    address word opened it: ``([Nam Trực] - Nam Định)``, ``ở [Yên Phong], Bắc Ninh``, or an
    admin item itself (``[thôn Hợp Đức], Hương Minh, Vũ Quang``); None if none opens there."""
    bracket = pv.norm[a] == "("
    cue_end = pv.phrase_end(a, _ADDRESS_CUES)
    if not bracket and cue_end == a and admin_at(pv, a, _ADMIN_CATEGORIES) == a:
        return None
    return (a + 1 if bracket else cue_end), bracket, cue_end > a


def _address_closes(pv: ParaView, items: list[tuple[int, int, str]], bracket: bool, cue: bool) -> bool:
    """The last item read ends the address: a province, a country or a foreign place (a city
    too after an address word or an admin item: ``ở Yên Phong, [Bắc Ninh]``), then the closing
    bracket, or else no more capitalised run (not inside a longer name)."""
    s, e, kind = items[-1]
    n = pv.n
    last_known = kind == "known" and (
        pv.longest(s, ("province", "country", "foreign")) == e
        or (pv.longest(s, ("city",)) == e and (cue or any(it[2] == "admin" for it in items))))
    if bracket:
        return e < n and pv.norm[e] == ")" and last_known
    return last_known and (e >= n or not pv.cap[e] or not pv.gap[e])


def _address_items(pv: ParaView, k: int, bracket: bool, cue: bool) -> list[tuple[int, int, str]] | None:
    """The items of an address from ``k``, split by commas or spaced dashes (``Si-Ma-Cai``
    is one name: a glued hyphen is no separator), when they close as an address of two
    items or more (``thôn Hợp Đức, Hương Minh, Vũ Quang``); None otherwise."""
    n = pv.n
    items: list[tuple[int, int, str]] = []
    item = _address_item(pv, k) if k < n else (k, k, "")
    while item[2] and len(items) < threshold("address_max_items"):
        items.append(item)
        e = item[1]
        if e + 1 < n and pv.norm[e] in _CHAIN_SEPS and (pv.norm[e] == "," or pv.gap[e + 1]):
            item = _address_item(pv, e + 1)
            if item[2]:
                continue
        return items if len(items) >= 2 and _address_closes(pv, items, bracket, cue) else None
    return None


def _address_places(pv: ParaView, items: list[tuple[int, int, str]], bracket: bool) -> Iterator[tuple[int, int]]:
    """The items before the known place that are places themselves: not an admin item (the
    admin rule labels its name), not after an honorific (``ông [X], Hà Nội``), and none
    from a full name on (``(Nguyễn Văn A, Hà Nội)``: a person and a place)."""
    for s, e, kind in items[:-1]:
        if kind == "bare" and bracket and pv.low[s] in pv.res.surnames and e - s >= 2:
            break
        if kind != "admin" and not person_cue_before(pv, s):
            yield s, e


@labeling_function("place_parenthetical", ["LOCATION"])
def place_parenthetical(view: DocView) -> Iterator[Vote]:
    """An address reads from the street down to the province, items split by commas: in
    a short address that ends with a known place, the capitalised items before it are
    places too. The address opens with a bracket (``([Nam Trực] - Nam Định)``, ``([Phù
    Cừ], Hưng Yên)``), an address word (``SN 1990 ở [Yên Phong], Bắc Ninh``, ``ở [Nguyễn
    Quý Đức], Hà Nội``: a street named after a person) or an administrative item (``thôn
    Hợp Đức, [Hương Minh], Vũ Quang``, ``đường Trung Kính, [Yên Hòa], Cầu Giấy``), and a
    house number names the street after it (``ở 24 [Hàng Muối], Hoàn Kiếm``)."""
    for pv in view.paras:
        if pv.caps_para:
            continue
        found: set[tuple[int, int]] = set()
        for a in range(pv.n):
            start = _address_start(pv, a)
            items = _address_items(pv, *start) if start is not None else None
            if items:
                found.update(_address_places(pv, items, start[1]))
        for s, e in sorted(found):
            yield pv.index, s, e, "LOCATION"


def _known_places(view: DocView) -> set[tuple[str, ...]]:
    """Names of two or more syllables the first stage found as a place in the article: its
    LOCATION spans, and the unit's name at the end of an AGENCY (``Công an huyện [Cẩm
    Xuyên]``), less any name the article also gives a person."""
    places: set[tuple[str, ...]] = set()
    persons: set[tuple[str, ...]] = set()
    for pv in view.paras:
        for i, j, lab in view.prior_spans.get(pv.index, ()):
            if j > pv.n:
                continue
            if lab == "PERSON":
                persons.add(tuple(pv.low[i:j]))
                continue
            start = i
            if lab == "AGENCY":
                start = j
                for a in range(i + 1, j - 1):
                    m = admin_at(pv, a)
                    if a < m < j:
                        start = m
            elif lab != "LOCATION":
                continue
            if j - start >= 2 and all(pv.namelike[t] and pv.vn(t) for t in range(start, j)):
                places.add(tuple(pv.low[start:j]))
    return places - persons


_HEADS = ("lower_head", "unit_head", "place_head", "media_head", "group_head", "force_head", "brand", "title", "rank")


def _after_head(pv: ParaView, k: int) -> bool:
    """An institution's head, a title or a rank ends right before ``k``: the place names
    the institution or the person there (``trường THCS [Hòa Nam]``, ``công ty [Trâm Anh]``),
    or an acronym does (``Đồn BP CKC [An Thới]``)."""
    if k > 0 and pv.norm[k - 1].isupper() and len(pv.norm[k - 1]) > 1 and pv.norm[k - 1].isalpha():
        return True
    if any(j == k for a in range(max(0, k - 5), k) for j, _e in pv.at(a, _HEADS, case=False)):
        return True
    # the end of a name the first stage left unlabelled: a capitalised word, then only
    # words that sit inside agency names (`Cảng hàng không quốc tế [Nội Bài]`)
    t = k - 1
    while t >= 0 and k - t <= 5 and pv.alpha[t] and not pv.cap[t] and pv.low[t] in pv.res.org_words:
        t -= 1
    return t < k - 1 and t >= 0 and pv.cap[t] and not pv.sent_start[t]


def _in_pair(pv: ParaView, k: int, end: int) -> bool:
    """The mention is one half of a dashed pair (``trạm thu phí [An Sương - An Lạc]``,
    ``Kim Văn – Kim Lũ``), which is one place or one route as a whole."""
    dashes = {"-", "–", "—"}
    return (end + 1 < pv.n and pv.norm[end] in dashes and pv.namelike[end + 1]) \
        or (k >= 2 and pv.norm[k - 1] in dashes and pv.namelike[k - 2])


def _free_name_start(pv: ParaView, k: int, taken: list[bool]) -> bool:
    """A bare place mention may start at ``k``: a name word no earlier span covers."""
    return not taken[k] and pv.namelike[k]


def _whole_run(pv: ParaView, k: int, e: int) -> bool:
    """``k:e`` is one run of spaced capitalised syllables (``[Cẩm Xuyên]``)."""
    return all(pv.namelike[t] and pv.gap[t] for t in range(k + 1, e))


def _bare_place_mention(pv: ParaView, k: int, e: int) -> bool:
    """A known place's surface at ``k:e`` names the place: a whole name, not after an
    honorific or a role (``ông Cẩm Xuyên``), an institution's head (``trường THCS Hòa
    Nam``), not half of a dashed pair (``An Sương - An Lạc``), not in a credit."""
    return not pv.glued_to_name(k, e) and not person_cue_before(pv, k) and not _after_head(pv, k) \
        and not _in_pair(pv, k, e) and not in_credit(pv, k)


_PLACE_MENTIONS = KnownSurfaces(collect=_known_places, starts=_free_name_start, min_len=2, fits=_whole_run,
                                is_mention=_bare_place_mention)


@labeling_function("place_propagation", ["LOCATION"])
def place_propagation(view: DocView) -> Iterator[Vote]:
    """Stage 2: a place the article named with its administrative word (``huyện Cẩm
    Xuyên``, ``Công an thị xã Điện Bàn``) labels its bare mentions (``náo loạn QL1A ở [Cẩm
    Xuyên]``, ``các khu vực: [Đại Lộc], [Điện Bàn]``): whole capitalised runs only, never
    after an honorific or a role (``ông Cẩm Xuyên`` would be a person), never in a credit."""
    return _PLACE_MENTIONS.votes(view, "LOCATION")


_HOUSE_WORDS = word_set("place_cues", "house_number")


@labeling_function("place_house_number", ["LOCATION"])
def place_house_number(view: DocView) -> Iterator[Vote]:
    """The street after a house number: ``số 10 [Bát Đàn]``, ``số nhà 59/9 [Trương
    Phước Phan]`` (a street named after a person is a place there, as ``đường [X]``)."""
    for pv in view.paras:
        n = pv.n
        for i in range(n - 2):
            if pv.cap[i] and not pv.sent_start[i]:
                continue
            m = 0
            for k in (2, 1):
                if i + k < n and " ".join(pv.low[i:i + k]) in _HOUSE_WORDS:
                    m = i + k
                    break
            if not m or not any(c.isdigit() for c in pv.norm[m]):
                continue
            j = m + 1
            while j < n and not pv.gap[j] and (any(c.isdigit() for c in pv.norm[j]) or pv.norm[j] in {"/", "-"}):
                j += 1
            if j >= n or not pv.gap[j] or pv.at(j, ("admin_division", "admin_place"), case=False):
                continue
            e = pv.name_run(j, 5)
            if e - j == 1 and len(pv.norm[j]) == 1:
                continue  # `số nhà 56 A`: the house number's letter
            if e - j >= 1 and pv.all_vn(j, e) and not (e < n and pv.norm[e][:1].isdigit()):
                yield pv.index, j, e, "LOCATION"
