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
from .shapes import CueThenName, gazetteer_end
from .lexicon import word_set
from .registry import Vote, labeling_function

_LEVELS = word_set("admin_words", "division")  # `Đa khoa tỉnh X`: the name goes on with its place


def _institution_name_end(pv: ParaView, j: int) -> int:
    """End of the institution's name after its head (``j`` if none), suffixes included:
    capitalised words or a place's name (``bệnh viện [Kim Sơn]``), or what the unit grammar
    reads (``bệnh viện [Đa khoa tỉnh X]``); never lower-case words after the name (``[X]
    ngay trong đêm``), nor a time a missing period left (``bệnh viện Chiều ngày 1/7``)."""
    n = pv.n
    if j >= n or not pv.gap[j] or not pv.cap[j] or not pv.norm[j][:1].isalpha() or pv.low[j] in TIME_WORDS:
        return j
    e = max(pv.name_run(j, 5), gazetteer_end(pv, j))
    if e == j or (e < n and pv.gap[e] and pv.alpha[e] and not pv.cap[e] and pv.low[e] in _LEVELS):
        e = unit_name_end(pv, j, people=True)
    return unit_suffix_end(pv, e, 0) if e > j else j


def _lower_case_head(pv: ParaView, i: int, c: int, j: int, e: int) -> bool:
    """The head is written in lower case (``bệnh viện``); ``Bệnh viện Đa khoa X`` mixes
    cases and is left to the unit grammar."""
    return not any(pv.cap[t] for t in range(i, c))


_AFTER_LOWER_HEAD = CueThenName(cue="lower_head", name_end=_institution_name_end, keep=_lower_case_head,
                                mixed_case_only=True)


@labeling_function("agency_institution_lower", ["AGENCY"])
def agency_institution_lower(view: DocView) -> Iterator[Vote]:
    """The capitalised name after a lower-case hospital or school head, head outside."""
    return _AFTER_LOWER_HEAD.votes(view, "AGENCY")
