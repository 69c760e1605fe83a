"""Labeling functions for RANK (lexicon) and AGENCY (head + place/name grammar)."""
from __future__ import annotations

from typing import Iterator

from .context import DocView
from .grammar import agency_spans
from .lexicon import word_set
from .registry import Vote, labeling_function
from .resources import UNIT_CODE_RE


@labeling_function("rank_lexicon", ["RANK"])
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


@labeling_function("agency_pattern", ["AGENCY"])
def agency_pattern(view: DocView) -> Iterator[Vote]:
    """Agency heads with the place or name that makes them unique (``Công an tỉnh Nghệ An``,
    ``Phòng Cảnh sát hình sự Công an TP X``, ``Quân khu 7``, ``Bộ Công an``); plural and
    generic heads (``Công an 3 tỉnh``, ``Công an các tỉnh``, ``Bộ Công an hai nước``) abstain."""
    for pv in view.paras:
        for i, j in agency_spans(pv):
            yield pv.index, i, j, "AGENCY"


# Words of police news: one of them anywhere in the article makes a bare unit code a unit.
_POLICE_WORDS = word_set("agency_cues", "police_words")
# Words right before a code that make it a unit whatever the article: `Trưởng phòng PC04`,
# `Cục C02`, `cán bộ PA05`, `phối hợp với A05`.
_CODE_CUES = word_set("agency_cues", "code_cues")

_CODE_JOINS = word_set("agency_cues", "code_joins")


def _police_context(view: DocView) -> bool:
    cached = view.cache.get("police_context")
    if cached is None:
        cached = any(" ".join(pv.low[k:k + L]) in _POLICE_WORDS
                     for pv in view.paras for k in range(pv.n) for L in (1, 2, 3, 4))
        view.cache["police_context"] = cached
    return cached


@labeling_function("agency_code", ["AGENCY"])
def agency_code(view: DocView) -> Iterator[Vote]:
    """A police unit's code name standing alone is its own AGENCY: ``Trưởng phòng [PC04]``,
    ``Cục Cảnh sát hình sự ([C02])``. Only the code shapes of the Ministry (``PC``/``PA``/
    ``PK``/``PX``... or ``A``/``C``/``K``/``X`` + two digits), and only in an article about
    the police or after a cue (``phòng``, ``Cục``, ``cán bộ``), so ``A50`` phones stay out."""
    police = None
    for pv in view.paras:
        n = pv.n
        for k in range(n):
            if not UNIT_CODE_RE.match(pv.norm[k]):
                continue
            if k + 1 < n and not pv.gap[k + 1] and pv.norm[k + 1][:1].isalnum():
                continue  # glued to more: `PC04x`
            if k > 0 and not pv.gap[k] and pv.norm[k - 1] not in {"(", "/", ","}:
                continue
            prev = pv.low[k - 1] if k > 0 else ""
            prev2 = " ".join(pv.low[k - 2:k]) if k > 1 else ""
            cue = prev in _CODE_CUES or prev2 in _CODE_CUES or prev == "("
            if not cue:
                if prev[:1].isalpha() and prev.islower() and prev not in _CODE_JOINS:
                    continue  # `bến K15`, `mẫu A05`: a place or product code after a common noun
                if police is None:
                    police = _police_context(view)
                if not police:
                    continue
            yield pv.index, k, k + 1, "AGENCY"
