"""AGENCY for organisations outside the state: armed and terrorist groups named after a
cue (``tổ chức khủng bố [X]``, ``phiến quân thân [X]``), organisations with a capitalised
``Tổ chức``/``Phong trào`` head, and (stage 2) the acronym in brackets after any agency
(``Nhà nước Hồi giáo ([IS])``).

Group names are foreign words, acronyms or translated phrases, so no lexicon can list
them; the cue before them is the evidence, and the lower-case cue stays outside the span
(guideline: descriptors in lower case are not part of the name).
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import DocView, ParaView
from .credits import in_credit
from .lexicon import word_set
from .registry import Vote, labeling_function
from .resources import PLACE_CATEGORIES
from .settings import threshold
from .shapes import ACRONYM_RE, KnownSurfaces

_HYPHEN_NAME = re.compile(r"^(?:al|el|ad|an|as|ash|at|ar|az|ul)-[A-Z][\w'-]+$", re.I)
_PLACES = tuple(PLACE_CATEGORIES) + ("country_amb",)
_MEMBER_NOUNS = word_set("agency_group_cues", "member_nouns")
_QUOTES = frozenset({'"', "“", "”", "'"})


def translated_name_end(pv: ParaView, k: int) -> int:
    """End of a capitalised name at ``k`` written Vietnamese-style, each word capitalised
    on its first syllable only (``Nhà nước Hồi giáo``, ``Y tế Thế giới``); ``k`` if none."""
    n = pv.n
    func = word_set("function_words", "function")
    e = k
    limit = k + threshold("group_name_max_tokens")
    while e < n and e < limit and pv.cap[e] and pv.norm[e][:1].isalpha() and (e == k or pv.gap[e]) \
            and not pv.at(e, "rank", case=False):  # `Nhà nước`, `Thế giới` are non-names alone, not here
        e += 1
        if e < n and pv.gap[e] and not pv.cap[e] and pv.alpha[e] and pv.vn(e) and pv.vn(e - 1) \
                and pv.low[e] not in func and e + 1 <= n:
            e += 1  # the second syllable of a capitalised word: `Nhà nước`, `Hồi giáo`
    return e


def _quoted(pv: ParaView, k: int) -> int:
    """End (after the closing quote) of a quoted capitalised name at ``k``; ``k`` if none."""
    if k >= pv.n or pv.norm[k] not in _QUOTES:
        return k
    e = translated_name_end(pv, k + 1)
    if e > k + 1 and e < pv.n and pv.norm[e] in _QUOTES:
        return e + 1
    return k


def group_name_end(pv: ParaView, k: int, strong: bool) -> int:
    """End of a group's name after a cue: an acronym (``IS``), ``al-X``, a quoted or
    translated name; one foreign word only after a strong cue. ``k`` if none."""
    n = pv.n
    if k >= n or not pv.gap[k]:
        return k
    q = _quoted(pv, k)
    if q > k:
        return q
    w = pv.norm[k]
    if ACRONYM_RE.match(w) and not (k + 1 < n and not pv.gap[k + 1] and pv.norm[k + 1][:1].isalnum()):
        return k + 1
    if _HYPHEN_NAME.match(w):
        return k + 1
    if k + 2 < n and _HYPHEN_NAME.match("".join(pv.norm[k:k + 3])) and not pv.gap[k + 1] and not pv.gap[k + 2]:
        return k + 3  # `al-Qaeda` as three tokens
    if pv.longest(k, _PLACES) > k:
        return k  # `phiến quân Syria`: a place, the cue describes people there
    e = translated_name_end(pv, k)
    if pv.longest(k, "non_name") >= e:
        return k  # `phiến quân Hồi giáo`, `trung thành với Tổ quốc`: a religion or a common noun
    if e - k >= 2 or (e - k == 1 and strong and not pv.vn(k)):
        return e
    return k


def _cue_last_words() -> frozenset[str]:
    """Last syllables of every group cue: only tokens after one of them are checked."""
    return frozenset(w.split(" ")[-1] for sec in ("strong", "weak") for w in word_set("agency_group_cues", sec))


def _cue_before(pv: ParaView, k: int) -> str:
    """``strong``/``weak`` when a group cue ends right before ``k``, else ``""``."""
    for section in ("strong", "weak"):
        words = word_set("agency_group_cues", section)
        for L in (4, 3, 2, 1):
            if k - L >= 0 and " ".join(pv.low[k - L:k]) in words and (not pv.cap[k - L] or pv.sent_start[k - L]):
                return section
    return ""


@labeling_function("agency_armed_group", ["AGENCY"])
def agency_armed_group(view: DocView) -> Iterator[Vote]:
    """The name after a cue for an armed, terrorist or extremist group, cue outside
    (``tổ chức khủng bố [X]``, ``phiến quân thân [IS]``, ``lực lượng khủng bố tự xưng [Y Z]``)."""
    last = _cue_last_words()
    for pv in view.paras:
        if pv.caps_para:
            continue
        low = pv.low
        for k in range(1, pv.n):
            if low[k - 1] not in last:
                continue
            cue = _cue_before(pv, k)
            if not cue:
                continue
            e = group_name_end(pv, k, cue == "strong")
            if e > k:
                yield pv.index, k, e, "AGENCY"


def _known_name_ends_inside(pv: ParaView, i: int, e: int) -> bool:
    """A known agency name starts at ``i`` and ends inside ``i:e``: the reading ran past it
    (``[Đảng Cộng sản Việt Nam] lãnh đạo``, not ``Đảng Cộng sản Việt Nam lãnh``)."""
    end = pv.longest(i, "named")
    return i < end < e


@labeling_function("agency_group_head", ["AGENCY"])
def agency_group_head(view: DocView) -> Iterator[Vote]:
    """An organisation named with a capitalised ``Tổ chức``/``Phong trào``/``Mặt trận``/``Đảng``
    head, head inside (``[Tổ chức Y tế Thế giới]``, ``[Tổ chức "X Y"]``, ``[Đảng Dân chủ]``)."""
    for pv in view.paras:
        if pv.caps_para:
            continue
        for i in pv.matches:
            for j, _e in pv.at(i, "group_head")[:1]:
                if i > 0 and (pv.namelike[i - 1] and pv.gap[i] or pv.low[i - 1] in ("ban", "luật")) or pv.upper[i]:
                    continue  # inside a name, `ban Tổ chức` (a Party board), `luật Tổ chức Quốc hội` (a law's
                    # title), `TỔ CHỨC` (a verb in capitals)
                if j < pv.n and pv.at(j, ("unit_head", "place_head", "force_head")):
                    continue  # `Ban Cán sự Đảng UBND TP`: an agency follows, not the group's name
                e = _quoted(pv, j) if j < pv.n and pv.gap[j] else j
                if e == j and j < pv.n and pv.gap[j]:
                    e = translated_name_end(pv, j)
                if e > j and pv.longest(j, _PLACES) < e and not _known_name_ends_inside(pv, i, e):
                    yield pv.index, i, e, "AGENCY"


@labeling_function("agency_acronym", ["AGENCY"])
def agency_acronym(view: DocView) -> Iterator[Vote]:
    """Stage 2: an acronym in brackets right after an agency is that agency's short name
    (``Nhà nước Hồi giáo ([IS])``, ``Cục Cảnh sát hình sự ([C02])``), possibly after
    ``tự xưng``."""
    for pv in view.paras:
        n = pv.n
        for i, j, lab in view.prior_spans.get(pv.index, ()):
            if lab != "AGENCY":
                continue
            k = j
            if k + 1 < n and pv.low[k] == "tự" and pv.low[k + 1] == "xưng":
                k += 2
            if k + 2 < n and pv.norm[k] == "(" and pv.norm[k + 2] == ")" and ACRONYM_RE.match(pv.norm[k + 1]):
                if pv.longest(k + 1, _PLACES) > k + 1 or (i > 0 and pv.low[i - 1] in _MEMBER_NOUNS):
                    continue  # `Bệnh viện X (TPHCM)`: where it is; `đại biểu Quốc hội (ĐBQH)`: its members
                yield pv.index, k + 1, k + 2, "AGENCY"


def _agency_surfaces(view: DocView) -> set[tuple[str, ...]]:
    """The AGENCY spans of the earlier stages, as written: names of two words or more,
    acronyms (``IS``) and foreign words; one Vietnamese word alone is too common."""
    known: set[tuple[str, ...]] = set()
    for pv in view.paras:
        for i, j, lab in view.prior_spans.get(pv.index, ()):
            if lab == "AGENCY" and j <= pv.n and (j - i >= 2 or ACRONYM_RE.match(pv.norm[i]) or not pv.vn(i)):
                known.add(tuple(pv.norm[i:j]))  # case-sensitive: `IS` is not `is`
    return known


def _word_start(pv: ParaView, k: int, taken: list[bool]) -> bool:
    """A mention may start at ``k``: a free token after a space, or the paragraph's first."""
    return not taken[k] and pv.gap[k] or k == 0


def _word_end(pv: ParaView, k: int, e: int) -> bool:
    """The surface ends a word at ``e``: ``[IS].``, not ``IS`` in ``ISIS``."""
    return e >= pv.n or pv.gap[e] or not pv.norm[e][:1].isalnum()


def _not_in_credit(pv: ParaView, k: int, e: int) -> bool:
    """``(Ảnh: X)``: a credit, not a mention."""
    return not in_credit(pv, k)


_AGENCY_MENTIONS = KnownSurfaces(collect=_agency_surfaces, starts=_word_start, cased=True,
                                 is_mention=_word_end, emit=_not_in_credit)


@labeling_function("agency_propagation", ["AGENCY"])
def agency_propagation(view: DocView) -> Iterator[Vote]:
    """Stage 3: an acronym or name the earlier stages found as AGENCY labels its other
    mentions in the article (``thề trung thành với [IS]``), whole words only."""
    return _AGENCY_MENTIONS.votes(view, "AGENCY")


def _acronym_head(pv: ParaView, k: int, heads: frozenset[str]) -> int:
    """Start of the capitalised head nearest before ``k`` (``-1`` if none within
    ``acronym_name_max_tokens``) with no punctuation between: ``[Lực lượng] Dân chủ Syria``."""
    for i in range(k - 1, max(-1, k - 1 - threshold("acronym_name_max_tokens")), -1):
        if not pv.norm[i][:1].isalnum():
            return -1
        if pv.cap[i] and pv.phrase_end(i, heads) > i:
            return i
    return -1


@labeling_function("agency_before_acronym", ["AGENCY"])
def agency_before_acronym(view: DocView) -> Iterator[Vote]:
    """An organisation's translated name confirmed by its acronym in brackets, head inside:
    ``[Lực lượng Dân chủ Syria] (SDF)``, ``[Bộ chỉ huy tác chiến chung Iraq] (JOC)``. The
    head (``agency_group_cues [acronym_heads]``) must be capitalised and followed by at
    least one more capitalised word; the acronym itself is ``agency_acronym``'s."""
    heads = word_set("agency_group_cues", "acronym_heads")
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        for k in range(2, n - 2):
            if pv.norm[k] != "(" or pv.norm[k + 2] != ")" or not ACRONYM_RE.match(pv.norm[k + 1]):
                continue
            if pv.longest(k + 1, _PLACES) > k + 1:
                continue  # `(TPHCM)`: where it is
            i = _acronym_head(pv, k, heads)
            if i < 0 or (i > 0 and pv.namelike[i - 1] and pv.gap[i]):
                continue
            if not any(pv.cap[t] for t in range(i + 1, k)) or pv.sent_start[i] and k - i < 3:
                continue  # `Lực lượng chức năng (LLCN)`: a generic head with its abbreviation
            yield pv.index, i, k, "AGENCY"


@labeling_function("agency_dash_parent", ["AGENCY"])
def agency_dash_parent(view: DocView) -> Iterator[Vote]:
    """Stage 2: a unit and its parent body joined by a spaced dash are one AGENCY
    (``[Cục Điều tra chống buôn lậu - Tổng cục Hải quan]``), as the glued ``PC02-Công an X``:
    two AGENCY spans of the first stage, the first starting with a unit's head
    (``[dash_units]``), the second with a parent's (``agency_group_cues [dash_parents]``);
    peers stay two (``Công an tỉnh A - Công an tỉnh B``)."""
    parents = word_set("agency_group_cues", "dash_parents")
    units = word_set("agency_group_cues", "dash_units")
    for pv in view.paras:
        spans = sorted((i, j) for i, j, lab in view.prior_spans.get(pv.index, ()) if lab == "AGENCY")
        starts = dict(spans)
        for i, j in spans:
            if pv.phrase_end(i, units) == i or not pv.cap[i]:
                continue
            if j + 1 < pv.n and pv.norm[j] in {"-", "–"} and pv.gap[j] and pv.gap[j + 1] and j + 1 in starts \
                    and pv.phrase_end(j + 1, parents) > j + 1:
                yield pv.index, i, starts[j + 1], "AGENCY"
