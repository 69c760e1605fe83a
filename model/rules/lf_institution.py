"""AGENCY for hospitals and schools named after a lower-case head: ``bệnh viện [Hồng
Phúc]``, ``trường tiểu học [Sao Mai]``.

The guideline keeps a lower-case descriptor outside the name (``báo [Người lao động]``);
hospitals and schools are agencies (dev-police note 6). The name is what the unit grammar
reads after a head (``Đa khoa tỉnh Hòa Bình``, ``Chu Văn An``), or a place's name used as
the institution's (``bệnh viện [Kim Sơn]``).
"""
from __future__ import annotations

from typing import Iterator

from .context import TIME_WORDS, DocView
from .grammar import unit_name_end, unit_suffix_end
from .shapes import gazetteer_end
from .lexicon import word_set
from .registry import Vote, labeling_function

_LEVELS = word_set("admin_words", "division")  # `Đa khoa tỉnh X`: the name goes on with its place


@labeling_function("agency_institution_lower", ["AGENCY"])
def agency_institution_lower(view: DocView) -> Iterator[Vote]:
    """The capitalised name after a lower-case hospital or school head, head outside."""
    for pv in view.paras:
        if pv.caps_para:
            continue
        n = pv.n
        for i in pv.matches:
            j = pv.longest(i, "lower_head", case=False)
            if j == i or j >= n or not pv.gap[j] or not pv.cap[j] or not pv.norm[j][:1].isalpha() \
                    or any(pv.cap[t] for t in range(i, j)):
                continue  # (`bệnh viện Đa khoa X` mixes cases: left to the unit grammar)
            if pv.low[j] in TIME_WORDS:
                continue  # a missing period: `bảo vệ bệnh viện Chiều ngày 1/7`
            # capitalised words (a place's name too), or what the unit grammar reads
            # (`Đa khoa tỉnh X`); never lower-case words after the name (`[X] ngay trong đêm`)
            e = max(pv.name_run(j, 5), gazetteer_end(pv, j))
            if e == j or (e < pv.n and pv.gap[e] and pv.alpha[e] and not pv.cap[e] and pv.low[e] in _LEVELS):
                e = unit_name_end(pv, j, people=True)
            if e > j:
                yield pv.index, j, unit_suffix_end(pv, e, 0), "AGENCY"
