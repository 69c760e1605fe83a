"""AGENCY for news media named in the body (``[Hãng tin Kyodo]``, ``báo [Người lao động]``,
``[Reuters] đưa tin``).

The guideline counts a newspaper or news agency as AGENCY when the text refers to it
(a capitalised descriptor is part of the name, a lower-case one stays outside), but not
in photo credits or source tags (``Ảnh: AP``, ``Theo X``), which these rules never read.
Media names are free-form (acronyms, domains, titles), so the descriptor or the verb is
the evidence.
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import DocView, ParaView
from .lexicon import word_set
from .credits import in_credit
from .registry import Vote, labeling_function
from .settings import threshold
from .shapes import ACRONYM_RE, gazetteer_end, person_starts

_DOMAIN = re.compile(r"^[A-Z][\w-]*\.(?:vn|com|net|org)$", re.I)
_SOURCE = word_set("signature_cues", "source")  # `X Theo Y`, `Nguồn: Z`: a source tag
_AGENCY_STARTS = ("named", "place_head", "unit_head", "standalone", "force_head", "rank", "title", "honorific")


def _media_name_starts(pv: ParaView, k: int) -> bool:
    """A media name may start at ``k``: a capitalised word that opens no agency, rank, title
    or honorific (``báo [Người lao động]``; not ``báo Công an ...``, the unit grammar's)."""
    return k < pv.n and pv.gap[k] and pv.cap[k] and not pv.at(k, _AGENCY_STARTS, case=False)


def _domain_end(pv: ParaView, e: int) -> int:
    """End of a web domain at ``e`` (``e`` if none): ``[Zing.vn]`` as one token or three."""
    w = pv.norm[e]
    if _DOMAIN.match(w):
        return e + 1
    if e + 2 < pv.n and not pv.gap[e + 1] and not pv.gap[e + 2] and pv.norm[e + 1] == "." \
            and _DOMAIN.match(w + "." + pv.norm[e + 2]):
        return e + 3
    return e


def _media_word_stops(pv: ParaView, k: int, e: int) -> bool:
    """The media name started at ``k`` ends before ``e``: a lower-case word or a symbol, a new
    sentence, another outlet's head, a source tag, a person's full name or a word after an
    acronym (``VietNamNet | Báo Dân Trí``, ``X | Theo Y``, ``Báo X | Nguyễn Văn A``,
    ``QPVN | Thực``)."""
    if not pv.cap[e] or not pv.norm[e][:1].isalpha():
        return True
    return e > k and (pv.sent_start[e] or bool(pv.at(e, "media_head")) or pv.low[e] in _SOURCE
                      or person_starts(pv, e) or pv.upper[e - 1])


def _closing_place_end(pv: ParaView, k: int, e: int) -> int:
    """End of a place that closes the name at ``e`` (``e`` if none): ``An Ninh [Hải Phòng]``;
    not a place that goes on into more capitalised words, nor the name's first word."""
    g = gazetteer_end(pv, e)
    if g > e and e > k and (g >= pv.n or not pv.cap[g] or not pv.gap[g]):
        return g
    return e


def _inner_lower_syllable(pv: ParaView, e: int) -> bool:
    """A word's lower-case second syllable at ``e`` between two capitalised words of the
    name: ``Báo Giáo [dục] Việt Nam``."""
    func = word_set("function_words", "function")
    return e + 1 < pv.n and pv.gap[e] and not pv.cap[e] and pv.alpha[e] and pv.vn(e) and pv.vn(e - 1) \
        and not pv.upper[e - 1] and pv.low[e] not in func and pv.cap[e + 1] and pv.gap[e + 1] \
        and not pv.sent_start[e + 1] and not person_starts(pv, e + 1)


def _lower_tail_end(pv: ParaView, k: int, e: int) -> int:
    """A one-word name written with only its first syllable capitalised goes on to a
    boundary: ``[Người lao động],``; not into a reporting verb (``Tuổi Trẻ | đưa tin``)."""
    n = pv.n
    func = word_set("function_words", "function")
    t = e
    while t < n and t - e < 2 and pv.gap[t] and not pv.cap[t] and pv.alpha[t] and pv.vn(t) and pv.low[t] not in func:
        t += 1
    verbs = word_set("media_cues", "verb")
    if t > e and e - k == 1 and pv.cap[e - 1] and not pv.upper[e - 1] and pv.vn(e - 1) \
            and (t >= n or not pv.norm[t][:1].isalnum()) and " ".join(pv.low[e:t]) not in verbs and pv.low[e] not in verbs:
        return t
    return e


def _too_little_or_a_place(pv: ParaView, k: int, e: int) -> bool:
    """``k:e`` is one Vietnamese word (``báo [Tuổi]``: too little to be a name) or a place
    (``báo [Hà Nội]``: left to the place rules)."""
    return (e - k == 1 and pv.vn(k) and not pv.upper[k]) or gazetteer_end(pv, k) >= e


def media_name_end(pv: ParaView, k: int) -> int:
    """End of a media name at ``k`` (``k`` if none): capitalised words, acronyms or a
    domain (``Zing.vn``), a word's lower-case second syllable (``Người lao động``) and a
    place at the end (``An Ninh Hải Phòng``)."""
    if not _media_name_starts(pv, k):
        return k
    e = k
    limit = k + threshold("media_name_max_tokens")
    while e < pv.n and e < limit and (e == k or pv.gap[e]):
        d = _domain_end(pv, e)
        if d > e:
            return d
        if _media_word_stops(pv, k, e):
            break
        g = _closing_place_end(pv, k, e)
        if g > e:
            return g
        e += 1
        if _inner_lower_syllable(pv, e):
            e += 1
    e = _lower_tail_end(pv, k, e)
    return k if _too_little_or_a_place(pv, k, e) else e


@labeling_function("agency_media", ["AGENCY"])
def agency_media(view: DocView) -> Iterator[Vote]:
    """A newspaper, news agency or channel after its descriptor: capitalised descriptor
    inside (``[Hãng tin Kyodo]``, ``[Báo Tin Tức]``), lower-case outside (``báo [Người lao
    động]``, ``tờ [The New York Times]``); verbs ending in ``báo`` (``trình báo``) excluded."""
    cues = word_set("media_cues", "cue")
    not_after = word_set("media_cues", "not_after")
    first = frozenset(w.split(" ")[0] for w in cues | word_set("media_cues", "head"))
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        for i in range(n):
            if pv.low[i] not in first or (i > 0 and pv.low[i - 1] in not_after):
                continue
            heads = pv.at(i, "media_head") if pv.cap[i] else []
            if heads:
                j = heads[0][0]
                e = media_name_end(pv, j)
                if e > j and not (i > 0 and pv.namelike[i - 1] and pv.gap[i]) and not pv.upper[i]:
                    yield pv.index, i, e, "AGENCY"
                continue
            if pv.cap[i]:
                continue
            for L in (3, 2, 1):
                if i + L < n and " ".join(pv.low[i:i + L]) in cues:
                    e = media_name_end(pv, i + L)
                    if e > i + L:
                        yield pv.index, i + L, e, "AGENCY"
                    break


@labeling_function("agency_media_subject", ["AGENCY"])
def agency_media_subject(view: DocView) -> Iterator[Vote]:
    """A news agency as the subject of a reporting verb (``[Reuters] đưa tin``, ``[TTXVN]
    đưa tin``): an acronym or a foreign word, not a person."""
    verbs = word_set("media_cues", "verb")
    verb_first = frozenset(w.split(" ")[0] for w in verbs)
    for pv in view.paras:
        n = pv.n
        for k in range(n - 1):
            if pv.low[k + 1] not in verb_first:
                continue
            w = pv.norm[k]
            if not (ACRONYM_RE.match(w) or (pv.namelike[k] and not pv.vn(k))):
                continue
            if k > 0 and (pv.namelike[k - 1] or pv.upper[k - 1]) and pv.gap[k]:
                continue
            if pv.phrase_end(k + 1, verbs) == k + 1:
                continue
            if pv.longest(k, ("province", "city", "country", "foreign", "country_amb")) > k:
                continue
            yield pv.index, k, k + 1, "AGENCY"


def _last_lower_word(pv: ParaView) -> int:
    """Index of the paragraph's last lower-case word (-1: none). An outlet after it has
    nothing but names and punctuation to the paragraph's end: ``(Tổng hợp theo [TTXVN],
    VOV)``, ``Theo Tuổi trẻ P.Thúy`` close an article as its source tag, which the guideline
    leaves untagged."""
    return max((t for t in range(pv.n) if pv.alpha[t] and not pv.cap[t]), default=-1)


@labeling_function("agency_media_outlet", ["AGENCY"])
def agency_media_outlet(view: DocView) -> Iterator[Vote]:
    """A known news outlet (``media_outlets.txt``) where the text refers to it: after a cue
    (``theo [Tuổi Trẻ]``, ``PV [Tiền Phong]``, ``như [Dân Việt]``), as the subject of a
    reporting verb (``[VTV] đưa tin``, ``[PNVN] đã thông tin``), or anywhere for a title
    Vietnamese cannot spell (``[Wall Street Journal]``, ``[Reuters] cho biết``); never in a credit (``Ảnh: X``)."""
    cues = word_set("media_cues", "outlet_before")
    verbs = word_set("media_cues", "verb") | word_set("media_cues", "outlet_verb")
    adverbs = word_set("media_cues", "outlet_adverb")
    cue_len = max(len(c.split(" ")) for c in cues)
    for pv in view.paras:
        n = pv.n
        last_lower = None  # found once per paragraph, and only where an outlet is
        for k, e in pv.word_matches("media_outlet"):
            if last_lower is None:
                last_lower = _last_lower_word(pv)
            before = any(k - L >= 0 and " ".join(pv.low[k - L:k]) in cues for L in range(1, cue_len + 1))
            v = pv.phrase_end(e, adverbs)
            # a capitalised verb opens the next sentence (`Ảnh: X/TTXVN Thông tin ban đầu ...`)
            after = v < n and not pv.cap[v] and pv.phrase_end(v, verbs) > v
            # `Bùi Giang/TTXVN`, `AFP/TTXVN`, `TTXVN/Tin Tức`: a credit's source
            tagged = (k > 0 and pv.norm[k - 1] == "/") or (e < pv.n and pv.norm[e] == "/")
            # a title Vietnamese cannot spell is no ordinary word: `[New York Times] ngày 20.5 ...`,
            # `[Reuters] cho biết`
            foreign = all(pv.norm[t].isascii() for t in range(k, e)) and not pv.all_vn(k, e)
            if (before or after or foreign) and not tagged and not in_credit(pv, k) and e <= last_lower:
                # a capitalised descriptor before it is part of the name: `[Báo Giao thông]`
                head = next((h for h in range(max(0, k - 3), k) if pv.cap[h]
                             and any(j == k for j, _ in pv.at(h, "media_head"))), k)
                yield pv.index, head, e, "AGENCY"
