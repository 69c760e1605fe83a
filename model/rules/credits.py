"""Photo credits and source tags (``Ảnh: X``, ``(Nguồn: X)``, ``Ảnh SGGP``): the guideline
counts no entity there except a full personal name, so agency functions ask this first."""
from __future__ import annotations

from .context import ParaView
from .lexicon import word_set


def in_credit(pv: ParaView, k: int, back: int = 6) -> bool:
    """Token ``k`` is inside a photo credit or source tag (``Ảnh: X``, ``(Nguồn: X)``,
    ``Ảnh SGGP``): a credit word before it in the same sentence, within ``back`` tokens."""
    credit = word_set("media_cues", "credit_before")
    for t in range(k - 1, max(-1, k - 1 - back), -1):
        if pv.norm[t] in {".", "!", "?", ")"}:
            return False
        if pv.low[t] in credit and (t == k - 1 or (t + 1 < pv.n and pv.norm[t + 1] == ":")
                                    or (t > 0 and pv.norm[t - 1] == "(")):
            return True  # `Ảnh SGGP`, `Ảnh: X`, `(Ảnh chụp từ X)`; not `nguồn tin của X`
        if pv.sent_start[t]:
            return False
    return False


# what may close a credit's name: `(Ảnh: X)`, `Ảnh: X.`, `Ảnh: X cung cấp`
_CREDIT_CLOSERS = frozenset({")", ".", ",", ";", "/", "-", "–"})


def credit_name(pv: ParaView, i: int, j: int) -> bool:
    """Tokens ``[i, j)`` are the whole name in a photo credit or source tag: right after
    ``Ảnh:`` / ``(Nguồn:`` / ``(Ảnh X`` and closed by a bracket, the sentence's end or
    ``cung cấp`` (``(Ảnh: [Công an TPHCM])``, ``Ảnh: [Công an Hà Nam] cung cấp``). Stricter
    than :func:`in_credit`: a name the next sentence begins with, its period missing
    (``Ảnh: Q.T Ngày 7/7, Công an quận 9 ...``), or a caption's subject (``XEM CLIP: Công an
    TP vừa triệt phá ...``) stays an entity."""
    credit = word_set("media_cues", "credit_before")
    after_colon = i >= 2 and pv.norm[i - 1] == ":" and pv.low[i - 2] in credit
    bracketed = i >= 2 and pv.low[i - 1] in credit and pv.norm[i - 2] == "("
    if not (after_colon or bracketed):
        return False
    after = word_set("media_cues", "credit_after")
    return j >= pv.n or pv.norm[j] in _CREDIT_CLOSERS or pv.phrase_end(j, after) > j
