"""PERSON from the signature that closes a news article (``... đang điều tra. [Hoài Thanh]``).

Vietnamese news sites end the body with the reporter's pen name, after the last sentence
and before any source tag: ``Nguyễn Thảo``, ``Hoàng Sang – Duy Tuấn Theo VietNamNet``,
``Dư Toán (TTXVN)``, ``V.Hà – Q.Long``. Pen names rarely start with a surname, so the
surname rules miss them; their position is the evidence. Only the tail of the article's
last paragraph is read, and only when every word there is a name.
"""
from __future__ import annotations

import re
from typing import Iterator

from .context import DocView, ParaView
from .shapes import gazetteer_end
from .lexicon import word_set
from .registry import Vote, labeling_function
from .settings import threshold

_END = frozenset({".", "!", "?", "”", '"', "…", "...", "/", ":", ";"})
_JOIN = frozenset({"-", "–", "—", ",", "và", "&"})
# `V.Hà`, `D.Anh`: an initial glued to a given name
_INITIAL_NAME = re.compile(r"^[A-ZĐ]\.[A-ZĐ][^\W\d_]+$")


def _last_text_para(view: DocView) -> ParaView | None:
    for pv in reversed(view.paras):
        if pv.n and not pv.para.boilerplate and any(pv.alpha):
            return pv
    return None


def _strip_tail(pv: ParaView, b: int) -> int:
    """Drop a trailing source tag: ``(TTXVN)``, ``(tổng hợp)``, ``Theo X/Y``."""
    source = word_set("signature_cues", "source")
    if b > 0 and pv.norm[b - 1] == ")":
        a = b - 1
        while a > 0 and pv.norm[a] != "(" and b - a <= 6:
            a -= 1
        if pv.norm[a] == "(":
            b = a
    for k in range(b - 2, max(0, b - 6), -1):
        if pv.norm[k] == "/" and not pv.gap[k] and all(pv.upper[t] or pv.norm[t] == "." for t in range(k + 1, b)):
            b = k  # `Minh An/VOV.VN`: the outlet glued after the name
            break
    for k in range(b - 1, max(-1, b - 8), -1):
        if pv.low[k] in source and (k == 0 or pv.norm[k - 1] not in {"(", ":"}):
            first = k + 2 if k + 1 < b and pv.norm[k + 1] == ":" else k + 1  # `Nguồn: Dân Trí`
            if all(pv.norm[t] not in _END - {"/"} for t in range(first, b)):
                return k
    return b


def _name_at(pv: ParaView, k: int, b: int) -> int:
    """End of one pen name at ``k`` (``k`` if none): 2-4 capitalised Vietnamese syllables
    or an initial glued to a name (``V.Hà``)."""
    if _INITIAL_NAME.match(pv.norm[k]):
        return k + 1
    e = k
    limit = threshold("signature_name_max_tokens")
    while e < b and e - k < limit and pv.cap[e] and pv.alpha[e] and pv.vn(e) and (e == k or pv.gap[e]) \
            and not pv.stop[e]:
        e += 1
    return e if e - k >= 2 else k


@labeling_function("person_signature", ["PERSON"])
def person_signature(view: DocView) -> Iterator[Vote]:
    """The reporter's name after the last sentence of the article (``... làm rõ. [Hoài
    Thanh]``, ``[Hoàng Sang] – [Duy Tuấn] Theo X``); a place or agency there is left alone."""
    pv = _last_text_para(view)
    if pv is None or pv.caps_para:
        return
    b = _strip_tail(pv, pv.n)
    a = b
    while a > 0 and pv.norm[a - 1] not in _END and pv.norm[a - 1] != ")":
        a -= 1  # (a credit in brackets ends before it: `(Ảnh: X) Minh An`)
    if a == 0 or b - a > threshold("signature_max_tokens"):
        return  # no sentence before it: a heading or a one-line text
    compiled = word_set("signature_cues", "compiled")
    if a < b and pv.norm[a] == "(":  # `(Tổng hợp) Duy An`
        c = a + 1
        while c < b and pv.norm[c] != ")" and c - a <= 3:
            c += 1
        if c < b and pv.norm[c] == ")" and " ".join(pv.low[a + 1:c]) in compiled:
            a = c + 1
    if a + 1 < b and f"{pv.low[a]} {pv.low[a + 1]}" in compiled:
        a += 2
    elif a < b and pv.low[a] in compiled:
        a += 1
    items = []
    k = a
    while k < b:
        e = _name_at(pv, k, b)
        if e == k or gazetteer_end(pv, k) >= e or pv.at(k, ("named", "unit_head", "place_head")):
            return
        items.append((k, e))
        if e < b and pv.low[e] in _JOIN:
            k = e + 1
            continue
        if e != b:
            return
        break
    for s, e in items:
        yield pv.index, s, e, "PERSON"
