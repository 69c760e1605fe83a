"""Labeling functions for PERSON: names after a rank, a title or an honorific, runs that
start with a surname, bylines and photo credits, and (stage 2) propagation of names
found elsewhere in the same article."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from .context import INITIALS_RE, NAME_BREAKERS, DocView, ParaView
from .grammar import agency_spans
from .shapes import CueThenName, countries_used_as_names, gazetteer_end, is_number
from .lexicon import word_set
from .registry import Vote, labeling_function
from .settings import threshold
from .resources import PLACE_CATEGORIES

# Honorifics and kin terms: what follows is a person even when it spells a place (`ông Vinh`).
_POLITE = word_set("person_cues", "polite")
# Role nouns of police news: what follows is a person even with a foreign name (`đối tượng Li Wei`).
_STRONG_ROLES = word_set("person_cues", "strong_roles")
_SEPARATORS = frozenset({"-", ",", "và", "/", "&", ";"})
_DATE_CHARS = frozenset("0123456789/:-.")
_INITIAL_NAME = re.compile(r"^[A-ZĐ]\.[A-ZĐ][^\W\d_]+$")  # `H.Tâm`: an initial glued to a given name


_PLACES = tuple(PLACE_CATEGORIES) + ("country_amb",)
# A person's name right after these is a school, street or address (`trường Lê Quý Đôn`,
# `đường Trần Phú`, `số 12 Lý Thái Tổ`), not a person.
_NAMESAKE_BEFORE = word_set("person_cues", "namesake_before")
_NAME_WORD = word_set("person_cues", "name_word")
_NAME_WORD_MAX = max((len(w.split()) for w in _NAME_WORD), default=0)


def _is_place(pv: ParaView, a: int, b: int) -> bool:
    """``[a, b)`` is exactly a gazetteer place or country."""
    return pv.longest(a, _PLACES) == b


def _surname_ok(pv: ParaView, k: int, end: int) -> bool:
    """Token ``k`` starts a Vietnamese name: a surname, or a weak one (`Mai`, `Hà`) that
    is confirmed by a middle name after it."""
    res = pv.res
    low = pv.low[k]
    if low in res.surnames:
        return True
    if low in res.weak_surnames and k + 1 < end and pv.low[k + 1] in res.middle_names:
        return True
    return False


def _trigger_run(pv: ParaView, j: int, min_len: int = 1) -> int:
    """The name after a trigger ending at ``j`` (``j`` when there is none)."""
    if j >= pv.n or not pv.gap[j]:
        return j
    if INITIALS_RE.match(pv.norm[j]) and min_len <= 1:  # `bà [P.V.K.]`: a name shortened for privacy
        return j + 2 if j + 1 < pv.n and pv.norm[j + 1] == "." and not pv.gap[j + 1] else j + 1
    if pv.caps_para:
        e = pv.name_run(j, 4, person=True)
    else:
        e = pv.name_run(j, 7, person=True)
        if e == j and pv.upper[j] and pv.vn(j):  # `Đại tá NGUYỄN VĂN A` in running text
            e = j
            while e < pv.n and e - j < 4 and (e == j or pv.gap[e]) and pv.norm[e].isupper() and pv.vn(e):
                e += 1
            if e - j < 2:
                e = j
    return e if e - j >= min_len else j


def _not_a_place(pv: ParaView, i: int, c: int, j: int, e: int) -> bool:
    """The name after the cue is no place of the gazetteer: ``Đại tá Nghệ An`` is not a person."""
    return not _is_place(pv, j, e)


_AFTER_RANK = CueThenName(cue="rank", name_end=_trigger_run, keep=_not_a_place)


@labeling_function("person_after_rank", ["PERSON"])
def person_after_rank(view: DocView) -> Iterator[Vote]:
    """The capitalised name right after a rank, rank outside (``Đại tá [Nguyễn Thanh A]``,
    Lao names too: ``Thiếu tướng [Kông Chăn Xay]``)."""
    return _AFTER_RANK.votes(view, "PERSON")


def _after_name_word(pv: ParaView, j: int) -> int:
    """Past ``tên`` / ``có tên`` / ``tên là`` right after a trigger (``cô gái tên [Hiền]``)."""
    for k in range(_NAME_WORD_MAX, 0, -1):
        if j + k <= pv.n and not any(pv.cap[m] for m in range(j, j + k)) \
                and " ".join(pv.low[j:j + k]) in _NAME_WORD:
            return j + k
    return j


def _alias_outside_brackets(pv: ParaView, i: int, key: str) -> bool:
    """An alias cue not opened by a bracket or a comma is a word: ``bực [tức] Hưng``, not
    ``(tức [Hưng])``."""
    return key in _ALIAS_IN_BRACKETS and (i == 0 or pv.norm[i - 1] not in {"(", ","})


def _role_name_doubtful(pv: ParaView, key: str, j: int, e: int) -> bool:
    """After a role noun (not a polite word) the name must be no place and, unless the role
    is a strong one, Vietnamese: ``nghi phạm [Hùng]``, not ``nghi phạm Nghệ An``."""
    return key not in _POLITE and (_is_place(pv, j, e) or (key not in _STRONG_ROLES and not pv.all_vn(j, e)))


def _cue_inside_a_name(pv: ParaView, i: int, key: str) -> bool:
    """The cue is written capitalised inside a name: ``Thanh [Niên]`` mid-sentence (a role
    word only), ``Nguyễn Thị [Anh] Đào`` (``Anh`` is part of the name)."""
    if pv.cap[i] and not pv.sent_start[i] and key not in _POLITE:
        return True
    return pv.cap[i] and i > 0 and pv.namelike[i - 1] and pv.gap[i]


def _honorific_name_ok(pv: ParaView, i: int, c: int, j: int, e: int) -> bool:
    key = " ".join(pv.low[i:c])
    return not (_alias_outside_brackets(pv, i, key) or _role_name_doubtful(pv, key, j, e)
                or _cue_inside_a_name(pv, i, key))


_AFTER_HONORIFIC = CueThenName(cue="honorific", name_end=_trigger_run, keep=_honorific_name_ok,
                               skip=_after_name_word)


@labeling_function("person_after_honorific", ["PERSON"])
def person_after_honorific(view: DocView) -> Iterator[Vote]:
    """The name after an honorific or a role noun, which stays outside (``ông [Lưu]``,
    ``đồng chí [Trần Văn B]``, ``bị can [Nguyễn Văn H.]``)."""
    return _AFTER_HONORIFIC.votes(view, "PERSON")


_NAMING_THINGS = word_set("person_cues", "naming_things")
_THING_NOUNS = word_set("person_cues", "thing_nouns")


@labeling_function("person_after_name_word", ["PERSON"])
def person_after_name_word(view: DocView) -> Iterator[Vote]:
    """The name after ``tên`` / ``tên là`` / ``có tên`` whatever noun comes before
    (``một phụ nữ hàng xóm tên [Trinh]``, ``bảo vệ tên là [Thái]``): police news names
    people so; not after a verb that names a thing (``mang tên Lê Lợi``, ``đặt tên``)."""
    for pv in view.paras:
        for j in range(1, pv.n):
            if pv.cap[j] or pv.low[j] not in {"tên", "có"}:
                continue
            if pv.low[j] == "tên" and pv.low[j - 1] == "có":
                continue  # `có tên`: read from `có`
            k = _after_name_word(pv, j)
            if k == j or pv.low[j - 1] in _NAMING_THINGS:
                continue
            if any(" ".join(pv.low[a:j]) in _THING_NOUNS for a in range(max(0, j - 3), j)):
                continue
            end = _trigger_run(pv, k)
            if end > k and pv.all_vn(k, end) and not _is_place(pv, k, end) and not pv.stop[k]:
                yield pv.index, k, end, "PERSON"


@labeling_function("person_after_title", ["PERSON"])
def person_after_title(view: DocView) -> Iterator[Vote]:
    """The name after a position, skipping the agency or place that qualifies it:
    ``Phó Chủ tịch UBND TPHCM [Trần Văn B]``, ``Bí thư Hà Nội [Đinh Tiến C]``."""
    for pv in view.paras:
        starts = dict(agency_spans(pv))
        for i in pv.matches:
            hits = pv.at(i, "title", case=False)
            if not hits:
                continue
            j = hits[0][0]
            if pv.cap[i] and i > 0 and pv.namelike[i - 1] and pv.gap[i] and j - i == 1:
                continue
            k = j
            if k in starts:
                k = starts[k]
            else:
                g = pv.longest(k, _PLACES) if k < pv.n else k
                if g > k:
                    k = g
                else:  # a generic head: `Chủ tịch UBND tỉnh [Nguyễn Văn A]`, `Giám đốc Công an tỉnh [...]`
                    for _ in range(2):
                        g = max(pv.longest(k, "place_head"), pv.longest(k, "admin_division", case=False))
                        if g == k:
                            break
                        k = g
                    if k > j and not (k < pv.n and _surname_ok(pv, k, pv.n)):
                        k = j
            e = _trigger_run(pv, k, min_len=2)
            if e > k and not _surname_ok(pv, k, e):
                # `Giám đốc Sở Công Thương Hà Nội Lê Hồng T.`: an unrecognised agency, then the name
                p = next((q for q in range(k + 1, e - 1) if _surname_ok(pv, q, e) and gazetteer_end(pv, q) == q), None)
                if p is not None:
                    k = p
                elif any(gazetteer_end(pv, q) > q for q in range(k, e)):
                    continue
            if pv.caps_para and e > k and not _surname_ok(pv, k, e):
                continue  # `BẢO VỆ NHÀ BÁO TÁC NGHIỆP ...`: in capitals only a surname says a name follows
            if e > k and not _is_place(pv, k, e) and (_surname_ok(pv, k, e) or pv.all_vn(k, e)):
                yield pv.index, k, e, "PERSON"


@labeling_function("person_surname", ["PERSON"])
def person_surname(view: DocView) -> Iterator[Vote]:
    """A run of two to five capitalised syllables that starts with a Vietnamese surname
    (``Nguyễn Văn A``, ``Lê Thị Thu H.``); places at its start are skipped (``Hà Nội``)."""
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        k = 0
        while k < n:
            if not pv.namelike[k] or pv.stop[k] or (k > 0 and pv.namelike[k - 1] and pv.gap[k] and pv.low[k] not in NAME_BREAKERS):
                k += 1  # (a capitalised `Ông` after a name starts the next mention: `Việt Nam Ông [X]`)
                continue
            end = pv.name_run(k, 8, person=True)
            p = k
            while p < end - 1:
                if pv.low[p] in _POLITE and not (pv.low[p] in pv.res.weak_surnames and pv.low[p + 1] == "thị"):
                    p += 1  # `Ông Cao Tường Huy`: the honorific is not the surname
                    continue  # (but `Đồng Thị Mai Lan`: only a surname comes before `Thị`)
                g = gazetteer_end(pv, p)
                if g > p:
                    p = g
                    continue
                if _surname_ok(pv, p, end):
                    e = pv.name_run(p, 5, person=True)
                    prev = pv.low[p - 1] if p > 0 else ""
                    if e - p >= 2 and not _is_place(pv, p, e) and pv.all_vn(p, e) \
                            and pv.longest(p + 1, _PLACES) != e \
                            and prev not in _NAMESAKE_BEFORE and not (p > 0 and pv.norm[p - 1][:1].isdigit()):
                        yield pv.index, p, e, "PERSON"
                    break
                p += 1
            k = max(end, k + 1)


def _name_items(pv: ParaView, a: int, b: int) -> list[tuple[int, int]] | None:
    """``NAME (SEP NAME)*`` over tokens ``[a, b)``: each NAME 2-4 capitalised syllables."""
    items = []
    k = a
    while k < b:
        e = pv.name_run(k, 4)
        if e - k < 2 or e > b:
            return None
        if pv.norm[e - 1] == ".":
            return None
        items.append((k, e))
        if e < b and pv.low[e] in _SEPARATORS:
            k = e + 1
            continue
        if e != b:
            return None
        break
    return items


@labeling_function("person_credit", ["PERSON"])
def person_credit(view: DocView) -> Iterator[Vote]:
    """Full names in a photo or text credit anywhere in a paragraph (``Ảnh: [Hồng A]``,
    ``(Ảnh: [Minh B] - [Thu C])``); initials (``Ảnh: CA``) and agencies are left alone.
    Separate from ``person_byline`` because a credit cue is evidence of its own."""
    for pv in view.paras:
        n = pv.n
        for i in pv.matches:
            hits = pv.at(i, "credit", case=False)
            if not hits or not pv.cap[i]:
                continue
            j = hits[0][0]
            if j >= n or pv.norm[j] != ":":
                continue
            k = j + 1
            while k < n:
                if _INITIAL_NAME.match(pv.norm[k]) and pv.gap[k]:  # `Ảnh: [H.Tâm]`
                    yield pv.index, k, k + 1, "PERSON"
                    break
                e = _trigger_run(pv, k, 2)
                e = min(e, k + threshold("credit_name_max_tokens"))
                if e - k < 2 or _is_place(pv, k, e) or pv.norm[e - 1] == "." or not pv.all_vn(k, e) \
                        or pv.longest(k, ("media_outlet", "brand")) >= e:
                    break  # (`Ảnh: Tuổi Trẻ`: an outlet, not its photographer)
                yield pv.index, k, e, "PERSON"
                if e < n and pv.low[e] in _SEPARATORS and e + 1 < n:
                    k = e + 1
                    continue
                break


@labeling_function("person_byline", ["PERSON"])
def person_byline(view: DocView) -> Iterator[Vote]:
    """A paragraph that is only a byline: names (``Hồng A - Minh B`` with an optional
    date, ``MẠNH C - THU D``, ``Ảnh: Hồng A`` alone); initials (``N.X``) and agencies are
    left alone, and a lone Title Case line at the top is taken for a heading."""
    for pv in view.paras:
        n = pv.n
        if n == 0:
            continue
        if n > threshold("byline_max_tokens"):
            continue
        b = n
        while b > 0 and (set(pv.norm[b - 1]) <= _DATE_CHARS or pv.norm[b - 1] in {")", "(", "."}):
            b -= 1
        a = 0
        hits = pv.at(0, "credit", case=False)
        if hits and hits[0][0] < b and pv.norm[hits[0][0]] == ":":
            a = hits[0][0] + 1
        if a >= b:
            continue
        items = _name_items(pv, a, b)
        if not items or len(items) > threshold("byline_max_names"):
            continue
        if any(_is_place(pv, s, e) or gazetteer_end(pv, s) > s or not pv.all_vn(s, e) for s, e in items):
            continue
        if len(items) == 1 and a == 0 and b == n and not pv.caps_para and pv.index < 2:
            continue  # a lone Title Case line at the top is more likely a heading
        for s, e in items:
            yield pv.index, s, e, "PERSON"


# --- stage 2: propagation ------------------------------------------------------------

_VERB_CUES = word_set("person_cues", "verb_cues")
_SUBJECT_CUES = word_set("person_cues", "subject_cues")
_PLACE_WORDS = word_set("person_cues", "place_words")
_NOT_TAIL = frozenset({"văn", "thị"})  # `Văn Nam`, `Thị Hoa` never stand for a person


@dataclass
class _KnownNames:
    """What the first stage found as PERSON in the article, as folded-syllable keys."""

    full: set[tuple[str, ...]] = field(default_factory=set)  # whole names (and foreign surnames alone)
    dotted: set[tuple[str, ...]] = field(default_factory=set)  # privacy names, without their period
    given: set[str] = field(default_factory=set)  # the given name of Vietnamese full names
    # the last two syllables of three-syllable Vietnamese names (`Nguyễn [Quốc Anh]`): the
    # press calls a person so after the full name, above all in the South
    tails: set[tuple[str, str]] = field(default_factory=set)


def _known_names(view: DocView) -> _KnownNames:
    """Collect (once per article) the first stage's person names."""
    cached = view.cache.get("known_names")
    if cached is not None:
        return cached
    known = _KnownNames()
    for pv in view.paras:
        for i, j, lab in view.prior_spans.get(pv.index, ()):
            if lab != "PERSON" or j > pv.n or _is_place(pv, i, j):
                continue
            if pv.norm[j - 1] == ".":  # `bà [P.V.K.]`, `ông [Th.]`: later mentions keep the period
                if j - 1 > i:
                    known.dotted.add(tuple(pv.low[i:j - 1]))
                continue
            if j - i == 1 and not pv.vn(i):
                continue
            known.full.add(tuple(pv.low[i:j]))
            last = pv.norm[j - 1]
            if j - i >= 2 and not pv.vn(j - 1) and len(last) > 2 and last.isalpha():
                known.full.add((pv.low[j - 1],))  # a foreign surname alone: `Cảnh sát trưởng [Villanueva]`
            if j - i >= 2 and _surname_ok(pv, i, j) and len(last) > 1:
                known.given.add(pv.low[j - 1])
                if j - i >= 3 and pv.low[j - 2] not in _NOT_TAIL and all(pv.vn(t) for t in range(j - 2, j)):
                    known.tails.add((pv.low[j - 2], pv.low[j - 1]))
    known.given -= _NOT_TAIL
    view.cache["known_names"] = known
    return known


def _mention_end(pv: ParaView, k: int, known: _KnownNames, max_len: int) -> int:
    """End of a known full name (or privacy name with its period) at ``k``; ``k`` if none.
    One syllable alone counts only inside a sentence (a sentence start is too often a
    common word written with a capital)."""
    n = pv.n
    for L in range(min(max_len, n - k), 0, -1):
        key = tuple(pv.low[k:k + L])
        if key in known.dotted and k + L < n and pv.norm[k + L] == "." and not pv.gap[k + L]:
            return k + L + 1
        if key in known.full and all(pv.namelike[t] or pv.hyphen_part(t) for t in range(k, k + L)):
            if L >= 2 or not pv.sent_start[k]:
                return k + L
            return k
    return k


@labeling_function("person_propagation", ["PERSON"])
def person_propagation(view: DocView) -> Iterator[Vote]:
    """Stage 2: a name the first stage found as PERSON labels its other mentions in the
    article (``[Nguyễn Văn A]`` ... ``[Nguyễn Văn A]``), a privacy name keeps its period
    (``[P.V.K.]``), a foreign full name's surname alone is the same person (``[Villanueva]``)."""
    known = _known_names(view)
    if not known.full and not known.dotted:
        return
    max_len = max(len(k) for k in known.full | known.dotted)
    for pv in view.paras:
        taken = view.taken(pv)
        for k in range(pv.n):
            if taken[k] or not (pv.namelike[k] or INITIALS_RE.match(pv.norm[k])) or pv.hardstop[k]:
                continue  # a rank or a listed non-name starts here: `Thủ tướng Chính phủ`, not `Chính`
            end = _mention_end(pv, k, known, max_len)
            if end == k and _tail_at(pv, k, known):
                end = k + 2
            dotted = end > k and pv.norm[end - 1] == "."  # the period closes a privacy name
            if end > k and not pv.glued_to_name(k, k + 1 if dotted else end):
                yield pv.index, k, end, "PERSON"


def _tail_at(pv: ParaView, k: int, known: _KnownNames) -> bool:
    """Tokens ``k, k+1`` are the last two syllables of a full name the article gave
    (``Nguyễn Quốc Anh`` ... ``[Quốc Anh] chở``), both capitalised, not after a place word
    (``huyện Thanh Hà``) and not the start of a place the gazetteer knows."""
    if k + 1 >= pv.n or (pv.low[k], pv.low[k + 1]) not in known.tails:
        return False
    if not (pv.namelike[k] and pv.namelike[k + 1] and pv.gap[k + 1]):
        return False
    if pv.sent_start[k] and pv.low[k] in _POLITE:
        return False  # `Anh Tuấn sau đó ...`: the honorific `anh` before the given name
    prev = pv.low[k - 1] if k > 0 else ""
    return prev not in _PLACE_WORDS and gazetteer_end(pv, k) <= k


def _given_alone_ok(pv: ParaView, k: int, given: set[str], names_not_places: frozenset[str] = frozenset()) -> bool:
    """Token ``k`` is a known given name standing alone as a person, not a place or a word.
    A short country name (`Nga`) counts only in an article that uses it as a person's name."""
    n = pv.n
    low = pv.low[k]
    if low not in given or not pv.vn(k) or (low in pv.res.country_short and low not in names_not_places) \
            or is_number(pv, k) or pv.hardstop[k]:
        return False
    if low in names_not_places and k > 0 and pv.low[k - 1] in _AMB_STRONG:
        return False  # `sang Nga`, `tại Nga`: the country even there
    if pv.glued_to_name(k, k + 1):
        return False
    prev = pv.low[k - 1] if k > 0 else ""
    nxt = pv.low[k + 1] if k + 1 < n else ""
    if prev in _PLACE_WORDS or gazetteer_end(pv, k) > k:
        return False
    if pv.sent_start[k] and nxt not in _VERB_CUES:
        return False
    titled = any(j == k for a in range(max(0, k - 4), k) for j, _e in pv.at(a, ("title", "honorific", "rank"), case=False))
    if low in pv.res.middle_names and not pv.sent_start[k] and prev not in _POLITE and not titled:
        # (after a title the given name is the person: `luật sư [Hùng] nói`)
        # middle-name-like given names (`Minh`, `Thanh`) alone are too ambiguous,
        # unless a verb follows as for a subject: `phát hiện [Cường] đang điều khiển`
        if prev[:1].isalpha() and prev not in _COORD_BEFORE and nxt not in _SUBJECT_CUES and nxt not in _VERB_CUES:
            return False
    return True


_AMB_STRONG = word_set("place_cues", "amb_strong")
_ALIAS_IN_BRACKETS = word_set("person_cues", "alias_in_brackets")
_QUOTES = word_set("person_cues", "nickname_quotes")
_AFTER_NICKNAME = word_set("person_cues", "after_nickname")


def _nickname_heads(pv: ParaView, spans, given: set[str]) -> list[tuple[int, int]]:
    """Given names a nickname may follow: one-word PERSON spans of the earlier stages, and a
    given name of a person the article named in full, standing alone (``Nguyễn Văn Hùng
    ... ([Hùng "sẹo"])``, ``[Hùng “sẹo”] cầm đầu``)."""
    heads = {(i, j) for i, j, lab in spans if lab == "PERSON" and j - i == 1}
    taken = {t for i, j, _lab in spans for t in range(i, j)}
    for k in range(pv.n - 1):
        if k not in taken and pv.namelike[k] and pv.low[k] in given \
                and not (k > 0 and pv.namelike[k - 1] and pv.gap[k]):
            heads.add((k, k + 1))
    return sorted(heads)


@labeling_function("person_nickname", ["PERSON"])
def person_nickname(view: DocView) -> Iterator[Vote]:
    """Stage 2: a nickname in quotes right after a person stays in the span (guideline:
    ``[Hoàng "béo"]``, ``[Cường “sấm”]``): the name the first stage found, then one or two
    lower-case words between quotes."""
    given = _known_names(view).given
    for pv in view.paras:
        n = pv.n
        for i, j in _nickname_heads(pv, view.prior_spans.get(pv.index, ()), given):
            if j + 2 >= n or pv.norm[j] not in _QUOTES or not pv.gap[j]:
                continue  # nicknames follow a given name used alone (`Hoàng "béo"`)
            e = j + 1
            while e < n and e - j <= 3 and pv.alpha[e] and not pv.cap[e] and (e == j + 1 or pv.gap[e]):
                e += 1
            after = pv.low[e + 1] if e + 1 < n else "."
            if e > j + 1 and e < n and pv.norm[e] in _QUOTES and not pv.gap[e] \
                    and (not after[:1].isalnum() or after in _AFTER_NICKNAME):
                yield pv.index, i, e + 1, "PERSON"  # not a verb in scare quotes: `Tuấn "xin" tiền`


_COORD_BEFORE = word_set("person_cues", "coord_before")


@labeling_function("person_given_name", ["PERSON"])
def person_given_name(view: DocView) -> Iterator[Vote]:
    """Stage 2: a Vietnamese given name used alone (``ông [Nam]``, ``[Thảo] khai nhận``)
    after the article named the person in full (``Nguyễn Văn Nam``)."""
    given = _known_names(view).given
    if not given:
        return
    amb_names = countries_used_as_names(view)
    for pv in view.paras:
        taken = view.taken(pv)
        for k in range(pv.n):
            if taken[k] or not pv.namelike[k]:
                continue
            if _mention_end(pv, k, _known_names(view), 1) > k:
                continue  # a full mention: person_propagation's
            if _given_alone_ok(pv, k, given, amb_names):
                yield pv.index, k, k + 1, "PERSON"


# Verbs that in police news almost only take a person as subject.
_PERSON_VERBS = word_set("person_cues", "person_verbs")
_NOT_SUBJECT = word_set("person_cues", "not_subject")


@labeling_function("person_before_verb", ["PERSON"])
def person_before_verb(view: DocView) -> Iterator[Vote]:
    """A lone capitalised given name as the subject of a verb that takes a person
    (``[Thảo] khai nhận``, ``[Hùng] đã ra đầu thú``)."""
    for pv in view.paras:
        n = pv.n
        if pv.caps_para:
            continue
        for k in range(n - 1):
            if not pv.namelike[k] or pv.stop[k] or not pv.vn(k) or pv.sent_start[k] or pv.low[k] in _NOT_SUBJECT:
                continue
            if k > 0 and pv.namelike[k - 1] and pv.gap[k]:
                continue
            if pv.namelike[k + 1] and pv.gap[k + 1]:
                continue
            t = k + 1
            if pv.low[t] in {"đã", "vừa", "cũng", "liền", "lại", "mới", "thì"}:
                t += 1
            if t >= n:
                continue
            two = f"{pv.low[t]} {pv.low[t + 1]}" if t + 1 < n else ""
            three = f"{two} {pv.low[t + 2]}" if t + 2 < n else ""
            if not (pv.low[t] in _PERSON_VERBS or two in _PERSON_VERBS or three in _PERSON_VERBS):
                continue
            if gazetteer_end(pv, k) > k or pv.matches.get(k) and pv.at(k, ("place_head", "unit_head", "named")):
                continue
            yield pv.index, k, k + 1, "PERSON"


_COORD = word_set("person_cues", "coord")
_LIST_NEXT = word_set("person_cues", "list_next")


@labeling_function("person_coordinated", ["PERSON"])
def person_coordinated(view: DocView) -> Iterator[Vote]:
    """Stage 2: a lone given name coordinated with a person the first stage found
    (``[Tâm] cùng [Hùng] và [Tuấn]``): police news lists accomplices by given name."""
    for pv in view.paras:
        n = pv.n
        spans = [sp for sp in view.prior_spans.get(pv.index, ()) if sp[2] == "PERSON"]
        starts = {i for i, _, _ in view.prior_spans.get(pv.index, ())}
        for i, j, _ in spans:
            k = j
            while k + 1 < n and pv.low[k] in _COORD:
                t = k + 1
                if t in starts or not pv.namelike[t] or pv.stop[t] or not pv.vn(t):
                    break
                if pv.name_at(t + 1):
                    break  # a longer name: left to the other rules
                if gazetteer_end(pv, t) > t or pv.at(t, ("place_head", "unit_head", "named")):
                    break
                nxt = pv.norm[t + 1] if t + 1 < n else "."
                ok_next = not nxt[:1].isalnum() or pv.low[t + 1] in _LIST_NEXT or \
                    (pv.low[k] != "," and pv.low[t + 1] in _VERB_CUES) or \
                    (k > j and pv.low[k] == "và" and nxt[:1].islower())  # the last of a list: `A, B và [C] đuổi`
                if not ok_next:
                    break  # `Nguyễn Văn A, Phó ban ...`: a capitalised word, not a name
                yield pv.index, t, t + 1, "PERSON"
                k = t + 1


# Clan names that end Ê Đê, Jrai, M'nông ... names: `Y Bhim Niê`, `H'Lan Ksor`, `Ama Khuê Mlô`.
_HIGHLAND_CLANS = word_set("highland_clans")


@labeling_function("person_highland", ["PERSON"])
def person_highland(view: DocView) -> Iterator[Vote]:
    """Central Highlands names: the male ``Y`` or female ``H'`` prefix, given names and a
    clan name at the end (``[Y Bhim Niê]``, ``[H'Lan Ksor]``); the clan name is what makes
    a capitalised ``Y`` a name and not a letter."""
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            s = pv.norm[k]
            if s == "Y" and k + 1 < n and pv.gap[k + 1]:
                a = k + 1
            elif s.startswith("H'") and s[2:3].isupper():
                a = k  # the prefix is glued to the first given name: `H'Lan`
            else:
                continue
            if k > 0 and pv.namelike[k - 1] and pv.gap[k] and not pv.stop[k - 1] \
                    and not pv.at(k - 1, "honorific", case=False):
                continue
            e = a
            while e < n and e - a < 4 and pv.cap[e] and pv.alpha[e] and (e == a or pv.gap[e]):
                e += 1
            if e - a >= 2 and pv.low[e - 1] in _HIGHLAND_CLANS:
                yield pv.index, k, e, "PERSON"


@labeling_function("person_highland_list", ["PERSON"])
def person_highland_list(view: DocView) -> Iterator[Vote]:
    """Ê Đê and Jrai men's names without a clan name: ``Y`` and one or two capitalised given
    names (``[Y Kuet]``, ``[Y Bao]``). A lone capital ``Y`` is no Vietnamese word, but it is
    a letter (``phương án Y``), so a name needs a given name no Vietnamese syllable spells
    (``Kŭi``, ``Jek``) or a list that holds such a name (``[Y Bao], [Y Kŭi] và [Y Rô]``)."""
    for pv in view.paras:
        n = pv.n
        cands: list[tuple[int, int, bool]] = []  # (start, end, has a non-Vietnamese given name)
        for k in range(n - 1):
            if pv.norm[k] != "Y" or not pv.gap[k + 1] or (k > 0 and not pv.gap[k] and pv.norm[k - 1][:1].isalnum()):
                continue
            if k > 0 and pv.namelike[k - 1] and pv.gap[k]:
                continue  # inside a longer capitalised run
            e = k + 1
            while e < n and e - k <= 2 and pv.namelike[e] and pv.gap[e] and not pv.stop[e]:
                e += 1
            if e == k + 1 or pv.name_at(e):
                continue  # no given name, or a longer run (a headline in title case)
            cands.append((k, e, not pv.all_vn(k + 1, e)))
        chains: list[list[tuple[int, int, bool]]] = []
        for c in cands:  # a list is candidates joined by coordinating words (`,`, `và`, `cùng`)
            prev = chains[-1][-1] if chains else None
            if prev is not None and 0 < c[0] - prev[1] <= 2 and all(pv.low[t] in _COORD for t in range(prev[1], c[0])):
                chains[-1].append(c)
            else:
                chains.append([c])
        for chain in chains:
            if any(strong for _, _, strong in chain):
                for k, e, _ in chain:
                    yield pv.index, k, e, "PERSON"


# Chinese (pinyin) and Korean surnames that are not Vietnamese syllables, so a capitalised
# run after them is a foreign name: `Wang Lei`, `Zhang Xiaoming`, `Park Ji-hoon`.
_FOREIGN_SURNAMES = word_set("foreign_surnames")


@labeling_function("person_foreign_surname", ["PERSON"])
def person_foreign_surname(view: DocView) -> Iterator[Vote]:
    """A Chinese or Korean surname that no Vietnamese syllable spells, then one or two
    capitalised given-name syllables (``[Wang Lei]``, ``[Park Ji-hoon]``)."""
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        for k in range(n - 1):
            if pv.low[k] not in _FOREIGN_SURNAMES or not pv.namelike[k]:
                continue
            if k > 0 and pv.namelike[k - 1] and pv.gap[k]:
                continue
            e = pv.name_run(k, 4)
            if e - k < 2 or e - k > 5 or any(gazetteer_end(pv, t) > t for t in range(k + 1, e)):
                continue
            if pv.vn(k) and pv.all_vn(k + 1, e) and not any(pv.hyphen_part(t) for t in range(k + 1, e)):
                continue  # `Kim`, `Lee`, `Chen` also spell Vietnamese syllables: need a foreign given name
            if e + 1 < n and pv.norm[e] == "." and not pv.gap[e] and not pv.gap[e + 1] and pv.norm[e + 1][:1].isalnum():
                continue  # a web address: `... Baodatviet.vn`
            yield pv.index, k, e, "PERSON"
