"""One canonical tone placement for Vietnamese.

Vietnamese text is written with two conventions for open syllables ending in the
diphthongs ``oa``, ``oe`` and ``uy``: the "old" style puts the tone on the first vowel
(``hòa``, ``khỏe``, ``thủy``, ``úy``), the "new" style on the second (``hoà``, ``khoẻ``,
``thuỷ``, ``uý``). Both appear in news, often in the same article (``Đại uý``/``Đại úy``),
so every matcher works on one form: the old style, which most Vietnamese
news sites and PhoBERT's pre-training data use more often. The rewrite only moves a
combining mark between two adjacent characters, so string length is unchanged and
offset maps stay valid.
"""
from __future__ import annotations

import re
import unicodedata

# The five Vietnamese tone marks as combining characters: grave, acute, tilde, hook above,
# dot below. The one definition; the rules strip them with it (model.rules.syllable).
TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"
_VOWEL_TONED = {}
for _base in "aeyAEY":
    for _t in TONE_MARKS:
        _VOWEL_TONED[unicodedata.normalize("NFC", _base + _t)] = (_base, _t)

# o+a/e or u+y with the tone on the second vowel, at the end of a syllable, not after "q"
# (in "quý" the "u" belongs to the consonant and the tone is rightly on "y").
_PAIR = re.compile(
    r"(?<![qQ])([oO])([" + "".join(k for k, v in _VOWEL_TONED.items() if v[0] in "aeAE") + r"])(?![^\W\d_])"
    r"|(?<![qQ])([uU])([" + "".join(k for k, v in _VOWEL_TONED.items() if v[0] in "yY") + r"])(?![^\W\d_])"
)


def _move(m: re.Match) -> str:
    first = m.group(1) or m.group(3)
    second = m.group(2) or m.group(4)
    base, tone = _VOWEL_TONED[second]
    return unicodedata.normalize("NFC", first + tone) + base


def canonical_tone(text: str) -> str:
    """Rewrite new-style tone placement (``hoà``, ``uý``) to the old style (``hòa``, ``úy``)."""
    return _PAIR.sub(_move, text)


_OLD_PAIR = re.compile(r"(?<![qQ])([oOuU][" + TONE_MARKS + r"])([aAeEyY])(?![^\W\d_])")


def new_style_tone(text: str) -> str:
    """Move the tone of final ``oa``/``oe``/``uy`` to the second vowel (``úy`` -> ``uý``).

    The inverse of :func:`canonical_tone`; lexicons use it to generate the other spelling
    news uses, so a lexicon lists each entry once.
    """
    nfd = unicodedata.normalize("NFD", text)

    def move(m: re.Match) -> str:
        return m.group(1)[0] + m.group(2) + m.group(1)[1]

    return unicodedata.normalize("NFC", _OLD_PAIR.sub(move, nfd))
