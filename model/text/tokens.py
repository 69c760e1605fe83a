"""Syllable tokens with exact character offsets into the original text.

Vietnamese writes one syllable per space-separated unit, so syllables are the natural
atoms for rules; PhoBERT words are built from them by :mod:`model.text.wordseg`.
Tokenisation runs on the normalised text and maps every token back, so ``token.text`` is
always the original slice and ``token.norm`` the canonical form used for matching.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import _MARKS, NormalizedText, fold_case, normalize

_UPPER = r"A-ZĐÀ-ÝẠ-Ỹ"
# An apostrophe between letters belongs to the word: Central Highlands names and places
# (``H'Nãi``, ``Cư M'gar``, ``Đắk R'lấp``) and foreign ones (``O'Neill``). Cut there, the
# pieces would read as a letter and a lower-case word, and no name could span them. The
# normaliser has already folded ’ and ‘ to '.
# A letter with marks NFC cannot compose (a doubled tone mark, ``Tuấ`` + U+0301) stays
# one word: the marks are not word characters to ``re``, and splitting there would cut
# a syllable in two.
_LETTER = r"[^\W_][" + _MARKS + r"]*"
_TOKEN = re.compile(
    r"""
    [""" + _UPPER + r"""]{1,4}\.(?=[""" + _UPPER + r"""0-9])(?:[^\W_]+\.)*[^\W_]+   # TP.HCM, Q.1, N.X, TP.Huế
    | \d+(?:[.,/:-]\d+)+                        # 22-3, 16/08/2024, 16:21, 1.000.000
    | (?:""" + _LETTER + r""")+(?:['_](?:""" + _LETTER + r""")+)*   # syllable, PC67, C45, M'gar (and pre-segmented words)
    | ([^\w\s])\1*                              # punctuation; runs of the same mark stay one token
    | _+
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One syllable or punctuation mark. ``start``/``end`` index the original string."""

    text: str
    start: int
    end: int
    norm: str

    @property
    def lower(self) -> str:
        return fold_case(self.norm)

    @property
    def is_word(self) -> bool:
        return self.norm[:1].isalnum()

    @property
    def is_title(self) -> bool:
        """Capitalised (``Nam``, ``TP.HCM``, ``MẠNH``): the first letter is upper case."""
        return self.norm[:1].isupper()


def tokenize_normalized(nt: NormalizedText) -> list[Token]:
    """Tokens of an already normalised text, offsets mapped to ``nt.original``."""
    toks: list[Token] = []
    norm_start = 0  # where the last token starts in the normalised text
    for m in _TOKEN.finditer(nt.text):
        s, e = nt.to_original(m.start(), m.end())
        if toks and s < toks[-1].end:
            # Two normalised characters from one original unit (an HTML entity that decodes
            # to a sign and a mark) must not become two tokens sharing characters: merge.
            s = toks.pop().start
            toks.append(Token(nt.original[s:e], s, e, nt.text[norm_start : m.end()]))
            continue
        norm_start = m.start()
        toks.append(Token(nt.original[s:e], s, e, m.group()))
    return toks


def tokenize(text: str) -> list[Token]:
    """Syllable tokens of ``text`` (any normalisation form) with offsets into ``text``."""
    return tokenize_normalized(normalize(text))
