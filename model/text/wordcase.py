"""Split segmenter words where the letter case changes and no dictionary word explains it.

underthesea's CRF glues a name to the word beside it (``Thăng_hỏi``, ``Phú_cung_cấp``,
``nghi_phạm_Thịnh``, ``Bí_thư_Thăng``). Labels are per word, so such a word can never carry
the entity's true boundary: on the 345 dev-police gold entities, 22 (6.4%) sat inside one
word, a recall ceiling no model could pass, and the silver labels lost the same spans.

Vietnamese writes a proper name with every syllable capitalised and common words in lower
case, so inside one word:

- a lower-case syllable followed by a capitalised one (``phạm|Thịnh``) always starts a new
  word: no common compound is written that way;
- a capitalised syllable followed by a lower-case one is either a common word that starts a
  sentence or a title (``Bí_thư``, ``Công_an``, ``Tài_chính``), which a dictionary knows, or a
  name glued to the next word (``Thăng_hỏi``), which it does not. In the latter case the cut
  leaves the last capitalised syllable with the lower-case run when that pair is a dictionary
  word (``Nguyễn_Tiến_Thực_hiện`` -> ``Nguyễn_Tiến`` + ``Thực_hiện``).

The dictionary is underthesea's own word list (Viet74K, lower-cased, tones in the canonical
placement of :mod:`model.text.tone`); a word it lists whole is never cut (``châu_Âu``).
Without underthesea only the first rule applies, which cannot split a common word.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .normalize import fold_case
from .tone import canonical_tone
from .tokens import Token

_UNDERTHESEA_WORDS = ("corpus", "data", "Viet74K.txt")


@lru_cache(maxsize=1)
def dictionary_words() -> frozenset[str]:
    """Lower-cased multi-syllable dictionary words (syllables joined by one space)."""
    try:
        import underthesea
    except ImportError:
        return frozenset()
    path = Path(underthesea.__file__).parent.joinpath(*_UNDERTHESEA_WORDS)
    if not path.is_file():
        return frozenset()
    words = set()
    for line in unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).splitlines():
        w = " ".join(fold_case(canonical_tone(line)).split())
        if " " in w:
            words.add(w)
    return frozenset(words)


def _case(token: Token) -> str:
    """``U`` capitalised, ``L`` lower case, ``""`` neither (digits, punctuation)."""
    c = token.norm[:1]
    return "U" if c.isupper() else "L" if c.islower() else ""


def _key(tokens: Sequence[Token], i: int, j: int) -> str:
    return " ".join(fold_case(t.norm) for t in tokens[i:j])


def _split_upper_lower(tokens: Sequence[Token], i: int, j: int, known: frozenset[str]) -> list[tuple[int, int]]:
    """One group with no lower->upper change: cut at its upper->lower change unless known
    (never without a dictionary: it alone tells a common word from a glued name)."""
    if j - i < 2 or not known or _key(tokens, i, j) in known:
        return [(i, j)]
    cases = [_case(t) for t in tokens[i:j]]
    for k in range(1, j - i):
        if cases[k - 1] == "U" and cases[k] == "L":
            cut = i + k
            end = cut
            while end < j and cases[end - i] != "U":
                end += 1
            if cut - 1 > i and _key(tokens, cut - 1, end) in known:
                cut -= 1
            return [(i, cut)] + _split_upper_lower(tokens, cut, j, known)
    return [(i, j)]


def split_case_changes(
    tokens: Sequence[Token], groups: Sequence[tuple[int, int]], known: frozenset[str] | None = None
) -> list[tuple[int, int]]:
    """``groups`` (token index ranges from a segmenter) with mixed-case words cut as above."""
    known = dictionary_words() if known is None else known
    out: list[tuple[int, int]] = []
    for i, j in groups:
        if j - i < 2:
            out.append((i, j))
            continue
        cases = [_case(t) for t in tokens[i:j]]
        if "U" not in cases or "L" not in cases or _key(tokens, i, j) in known:
            out.append((i, j))
            continue
        start = i
        for k in range(i + 1, j):
            if cases[k - i - 1] == "L" and cases[k - i] == "U":
                out.extend(_split_upper_lower(tokens, start, k, known))
                start = k
        out.extend(_split_upper_lower(tokens, start, j, known))
    return out
