"""Labeling functions for RANK (lexicon) and AGENCY (head + place/name grammar)."""
from __future__ import annotations

from typing import Iterator

from .context import DocView
from .grammar import agency_spans
from .registry import Vote, labeling_function


@labeling_function("rank_lexicon", ["RANK"], weight=0.98, priority=10)
def rank_lexicon(view: DocView) -> Iterator[Vote]:
    """Every police, army and navy rank in the lexicon, any letter case, either tone
    placement (``Đại uý``/``đại úy``); ``hạ sĩ quan`` (a category, NCOs) is not a rank."""
    for pv in view.paras:
        i, n = 0, pv.n
        while i < n:
            hits = pv.at(i, "rank", case=False) if i in pv.matches else ()
            if not hits:
                i += 1
                continue
            j = hits[0][0]
            if not (j < n and pv.low[j] == "quan" and pv.low[j - 1] == "sĩ"):
                yield pv.index, i, j, "RANK"
            i = j


@labeling_function("agency_pattern", ["AGENCY"], weight=0.92, priority=5)
def agency_pattern(view: DocView) -> Iterator[Vote]:
    """Agency heads with the place or name that makes them unique (``Công an tỉnh Nghệ An``,
    ``Phòng Cảnh sát hình sự Công an TP X``, ``Quân khu 7``, ``Bộ Công an``); plural and
    generic heads (``Công an 3 tỉnh``, ``Công an các tỉnh``, ``Bộ Công an hai nước``) abstain."""
    for pv in view.paras:
        for i, j in agency_spans(pv):
            yield pv.index, i, j, "AGENCY"
