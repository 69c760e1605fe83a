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
