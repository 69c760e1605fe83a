"""Is a token a possible Vietnamese syllable?

Vietnamese (and Lao or Khmer names written the Vietnamese way: ``Khăm``, ``Phôm``) obey a
strict syllable shape: an optional onset from a closed set, one to three vowels, an
optional coda from ``c ch m n ng nh p t``. English words and brand names mostly do not
(``Trump``, ``Bitcoin``, ``Getty``), which lets the name rules that have no trigger word
of their own (bylines, surname runs, propagated given names) tell ``Hồng Hạnh`` from
``Getty Images``.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from model.text.tone import TONE_MARKS

_TONE_MARKS = dict.fromkeys(map(ord, TONE_MARKS))
_SYLLABLE = re.compile(
    r"^(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"(?:[aăâeêioôơuưy]{1,3})"
    r"(?:ch|ng|nh|[cmnpt])?$"
)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(token: str) -> bool:
    """True for ``Nguyễn``, ``Khăm``, ``HOÀI``; False for ``Trump``, ``Bitcoin``, ``PC02``."""
    low = token.lower()
    if not low.isalpha():
        return False
    base = unicodedata.normalize("NFC", unicodedata.normalize("NFD", low).translate(_TONE_MARKS))
    if base == "gi" or base == "qu":
        return False
    return bool(_SYLLABLE.match(base))
