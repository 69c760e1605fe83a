"""Sentence splitting that survives Vietnamese news conventions.

A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by a space and a capital letter,
a digit or an opening quote/bracket, except where the period belongs to an abbreviation
(``TP.``, ``Q.``, ``ThS.``), to a single initial (``Nguyễn Văn H.``) or sits inside a token
(``TP.HCM``, ``N.X``, ``9.8``, ``16/08/2024``), which the tokenizer already keeps whole.
Splitting works on tokens so offsets stay those of the tokens.
"""
from __future__ import annotations

from .tokens import Token

# Lower-cased abbreviations that end with a period but rarely end a sentence.
ABBREVIATIONS = frozenset(
    """tp q p tx tt h x ths ts pgs gs bs ks ls nxb mr mrs ms dr st no vs tr đ ct ubnd
    th cn hcm""".split()
)
_ENDERS = {".", "!", "?", "…", "...", "!!", "??", "?!", "!?"}
_OPENERS = {'"', "'", "(", "[", "“", "‘", "-"}


def _ends_sentence(tokens: list[Token], i: int) -> bool:
    tok = tokens[i]
    if tok.norm not in _ENDERS and not set(tok.norm) <= {".", "!", "?", "…"}:
        return False
    if i + 1 >= len(tokens):
        return True
    nxt = tokens[i + 1]
    if nxt.start == tok.end:  # glued: "22-3.Ảnh" is rare; "v.v." is not a break
        return False
    if not (nxt.is_title or nxt.norm[:1].isdigit() or nxt.norm in _OPENERS):
        return False
    if tok.norm == "." and i > 0:
        prev = tokens[i - 1]
        if prev.end == tok.start:
            if prev.lower in ABBREVIATIONS:
                return False
            if len(prev.norm) == 1 and prev.norm.isupper():  # an initial: "Nguyễn Văn H."
                return False
    return True


def split_sentences(tokens: list[Token]) -> list[tuple[int, int]]:
    """Token index ranges ``(i, j)`` (j exclusive), one per sentence, covering all tokens."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(len(tokens)):
        if _ends_sentence(tokens, i):
            # Closing quotes/brackets right after the mark stay with the sentence.
            j = i + 1
            while j < len(tokens) and tokens[j].norm in {'"', "'", ")", "]"} and tokens[j].start == tokens[j - 1].end:
                j += 1
            if j > start:
                out.append((start, j))
            start = j
    if start < len(tokens):
        out.append((start, len(tokens)))
    # Merge sentence pieces that a closing-quote lookahead left empty.
    return [r for r in out if r[1] > r[0]]
