"""Normalisation for matching, with an exact offset map back to the original string.

Rules, lexicons and the word segmenter all see one canonical form of the text (NFC, one
tone placement, plain spaces, straight quotes, ASCII dashes, HTML entities decoded, HTML
tags blanked), while every span found on that form maps back to the exact characters the
user gave us. Each normalised character records the original ``[start, end)`` range it
came from; the map is monotone, so a span ``[s, e)`` on the normalised text maps to
``[starts[s], ends[e-1])`` on the original.
"""
from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from .tone import canonical_tone

# Characters rewritten one-to-one.
_SPACES = dict.fromkeys(
    [0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, 0x0009, 0x000B, 0x000C] + list(range(0x2000, 0x200B)), " "
)
_QUOTES = {
    **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"), '"'),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032\u00b4`"), "'"),
}
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-")
_LINEBREAKS = dict.fromkeys([0x2028, 0x2029, 0x0085], "\n")
_REPLACE: dict[int, str] = {**_SPACES, **_QUOTES, **_DASHES, **_LINEBREAKS}
# Characters dropped entirely (they carry no text).
_DROP = frozenset([0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD])

_HTML_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HTML_BREAK = re.compile(r"<\s*(?:br|/p|/div|/li|/h[1-6]|p|div)\b[^<>]{0,200}>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9:-]*(?:\s[^<>]{0,500})?/?>")


@dataclass(frozen=True)
class NormalizedText:
    """``text`` is the normalised string; ``starts``/``ends`` give each character's source range."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the original string (empty spans allowed)."""
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span ({start}, {end}) outside normalised text of length {len(self.text)}")
        if start == end:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


def _cluster_end(text: str, i: int) -> int:
    """End of the grapheme-ish cluster at ``i``: a base character and its combining marks."""
    j = i + 1
    n = len(text)
    while j < n and unicodedata.combining(text[j]):
        j += 1
    return j


_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# Everything that is not copied one-to-one: HTML, CR, rewritten or dropped characters, and
# a base character followed by combining marks (NFD). Plain runs between matches are
# copied wholesale, which keeps normalisation fast on the usual, already-NFC text.
_SPECIAL = re.compile(
    "(?s).?[" + _MARKS + "]+|[&<\r\ud800-\udfff"
    + re.escape("".join(map(chr, sorted(set(_REPLACE) | _DROP)))) + "]"
)
# A lone surrogate (``'\ud800'``) is not text: it cannot be encoded, so the word segmenter
# and any file writer would fail on it. It becomes U+FFFD, one character for one, so
# offsets are unchanged and the entity text still slices the caller's string.
REPLACEMENT = "\ufffd"


class _Builder:
    __slots__ = ("pieces", "starts", "ends")

    def __init__(self) -> None:
        self.pieces: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []

    def emit(self, chars: str, s: int, e: int) -> None:
        self.pieces.append(chars)
        self.starts.extend([s] * len(chars))
        self.ends.extend([e] * len(chars))

    def copy(self, text: str, a: int, b: int) -> None:
        self.pieces.append(text[a:b])
        self.starts.extend(range(a, b))
        self.ends.extend(range(a + 1, b + 1))


def _step(text: str, i: int, out: _Builder) -> int:
    """Normalise the unit starting at ``i`` (an entity, a tag, a cluster or one character)
    and return the index after it."""
    n = len(text)
    ch = text[i]
    if ch == "&":
        m = _HTML_ENTITY.match(text, i)
        if m:
            decoded = html.unescape(m.group())
            if decoded != m.group():
                decoded = "".join(_REPLACE.get(ord(c), c) for c in decoded if ord(c) not in _DROP)
                if decoded:
                    out.emit(unicodedata.normalize("NFC", decoded), i, m.end())
                return m.end()
    elif ch == "<":
        m = _HTML_BREAK.match(text, i) or _HTML_TAG.match(text, i)
        if m:
            out.emit("\n" if _HTML_BREAK.match(text, i) else " ", i, m.end())
            return m.end()
    code = ord(ch)
    if code in _DROP:
        return i + 1
    if code in _REPLACE:
        out.emit(_REPLACE[code], i, i + 1)
        return i + 1
    if ch == "\r":
        if i + 1 < n and text[i + 1] == "\n":
            return i + 1
        out.emit("\n", i, i + 1)
        return i + 1
    if 0xD800 <= code <= 0xDFFF:
        out.emit(REPLACEMENT, i, i + 1)
        return i + 1
    j = _cluster_end(text, i)
    cluster = text[i:j]
    composed = cluster if j == i + 1 and code < 0x300 else unicodedata.normalize("NFC", cluster)
    if composed == cluster:  # nothing composed (a stray or doubled mark): one to one
        out.copy(text, i, j)
    elif len(composed) == 1:
        out.emit(composed, i, j)
    elif len(composed) <= j - i:
        # Partly composed (``a`` + circumflex + acute + a second acute -> ``ấ`` + acute): the
        # composed letter takes the front of the cluster, each leftover mark one original
        # character of the tail, so no two normalised characters share an original range
        # and no token can overlap its neighbour.
        m = len(composed)
        out.emit(composed[0], i, j - m + 1)
        for k in range(1, m):
            out.emit(composed[k], j - m + k, j - m + k + 1)
    else:
        # NFC made it longer (U+0344 -> two marks): one to one from the front, the excess
        # on the last character; the tokenizer keeps characters of one origin in one token.
        for k in range(j - i - 1):
            out.emit(composed[k], i + k, i + k + 1)
        out.emit(composed[j - i - 1 :], j - 1, j)
    return j


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching and keep the exact map back to it.

    NFD or mixed input composes to NFC cluster by cluster, so a decomposed ``ế``
    (three code points) becomes one character that maps to all three.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    out = _Builder()
    pos, n = 0, len(text)
    while pos < n:
        m = _SPECIAL.search(text, pos)
        stop = m.start() if m else n
        if stop > pos:
            if unicodedata.is_normalized("NFC", text[pos:stop]):
                out.copy(text, pos, stop)
            else:  # rare singleton decompositions (e.g. U+212B): one unit at a time
                k = pos
                while k < stop:
                    k = _step(text, k, out)
                stop = max(stop, k)
        if not m:
            break
        pos = _step(text, max(stop, m.start()), out) if stop <= m.start() else stop
    norm = canonical_tone("".join(out.pieces))
    return NormalizedText(text, norm, tuple(out.starts), tuple(out.ends))


def fold_case(text: str) -> str:
    """Lower-case without changing the length (``str.lower`` can grow ``İ`` to two chars)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def norm_key(text: str) -> str:
    """The form lexicon entries are matched in: normalised, case-folded, spaces collapsed."""
    return " ".join(fold_case(normalize(text).text).split())
