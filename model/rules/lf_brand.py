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
    a credit (``Ảnh: Facebook`` is not an entity)."""
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            hits = pv.at(k, "brand")
            if not hits:
                continue
            e = hits[0][0]
            glued_after = e < n and not pv.gap[e] and pv.norm[e][:1].isalnum()
            glued_before = k > 0 and not pv.gap[k] and pv.norm[k - 1][:1].isalnum()
            if glued_after or glued_before or in_credit(pv, k):
                continue
            yield pv.index, k, e, "AGENCY"
