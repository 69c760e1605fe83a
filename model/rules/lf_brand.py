"""AGENCY for companies and online services named in the body (``lừa qua [Facebook]``,
``tài xế [Grab]``, ``chuyển tiền vào tài khoản [Vietcombank]``).

The guideline counts companies and services named in the body as AGENCY (note 5,
``[Twitter]``) but not photo credits or source tags. The names in ``agency_brands.txt``
spell no Vietnamese word, so the name itself is the evidence, in any letter case.
"""
from __future__ import annotations

from typing import Iterator

from .context import DocView
from .credits import in_credit
from .registry import Vote, labeling_function


@labeling_function("agency_brand", ["AGENCY"])
def agency_brand(view: DocView) -> Iterator[Vote]:
    """A company or service from ``agency_brands.txt`` standing as its own word, outside
    a credit (``Ảnh: Facebook`` is not an entity), with the province or city that names
    its branch (``chi nhánh [Agribank Lào Cai]``)."""
    for pv in view.paras:
        for k, e in pv.word_matches("brand"):
            if in_credit(pv, k):
                continue
            if e < pv.n and pv.gap[e]:
                place = pv.longest(e, ("province", "city"))
                if place > e and not pv.name_at(place):
                    e = place  # a branch named by its province: `[Agribank Lào Cai]`
            yield pv.index, k, e, "AGENCY"
