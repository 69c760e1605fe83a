"""Word segmentation into PhoBERT-style words (``Thừa_Thiên_Huế``) with offsets.

PhoBERT was pre-trained on word-segmented text, so its input must be too. Segmenters are
pluggable through a small registry (``syllable``, ``underthesea``, ``pyvi``); whichever
runs, its output is aligned back to our own syllable tokens character by character, so a
word is always a run of whole tokens and its offsets are exact. A segmenter may only
*group* tokens, never split or rewrite them; punctuation is never glued to a word, nor an
all-capitals acronym to a word that is not one, and a word whose letter case changes where
no dictionary word explains it is cut there (:mod:`model.text.wordcase`: ``Thăng_hỏi`` ->
``Thăng`` ``hỏi``), so an entity boundary is always a word boundary.

``underthesea`` is the default: on the seed articles it keeps person names and dates
whole (``Bùi_Quang_Thanh``, ``16/08/2024``) where ``pyvi`` splits them, at about a tenth
of pyvi's speed (31k vs 258k characters/s on 2 cores), which is still far faster than
the transformer that consumes its output.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Protocol, Sequence

from .tokens import Token
from .wordcase import split_case_changes


@dataclass(frozen=True)
class Word:
    """A PhoBERT input word: ``form`` joins syllables with ``_``; offsets index the original."""

    form: str
    start: int
    end: int
    first: int  # index of the first token
    last: int  # index after the last token


class Segmenter(Protocol):
    name: str

    def segment(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        """Token index ranges ``(i, j)`` covering ``tokens`` in order."""
        ...


def _acronym(form: str) -> bool:
    """``TPHCM``, ``UBND``: segmenters sometimes glue these to the next word (``TPHCM_đồng``)."""
    return len(form) > 1 and form.isupper()


def _align(tokens: Sequence[Token], words: Sequence[str]) -> list[tuple[int, int]]:
    """Group ``tokens`` by the segmenter's ``words`` (strings that may contain ``_`` or spaces)."""
    owner: list[int] = []  # for each compact char of our tokens, its token index
    chars: list[str] = []
    for i, t in enumerate(tokens):
        for c in t.norm:
            if not c.isspace() and c != "_":
                chars.append(c)
                owner.append(i)
    seg_id: list[int] = []
    seg_chars: list[str] = []
    for k, w in enumerate(words):
        for c in w:
            if not c.isspace() and c != "_":
                seg_chars.append(c)
                seg_id.append(k)
    if "".join(chars).lower() != "".join(seg_chars).lower():
        return [(i, i + 1) for i in range(len(tokens))]
    first_char: list[int] = []
    last_char: list[int] = []
    pos = 0
    for t in tokens:
        n = sum(1 for c in t.norm if not c.isspace() and c != "_")
        first_char.append(pos)
        last_char.append(pos + n - 1)
        pos += n
    groups: list[tuple[int, int]] = []
    for i, t in enumerate(tokens):
        if (
            groups
            and t.is_word
            and tokens[i - 1].is_word
            and _acronym(t.norm) == _acronym(tokens[i - 1].norm)
            and last_char[i - 1] >= 0
            and first_char[i] < len(seg_id)
            and seg_id[first_char[i]] == seg_id[last_char[i - 1]]
        ):
            groups[-1] = (groups[-1][0], i + 1)
        else:
            groups.append((i, i + 1))
    return groups


class SyllableSegmenter:
    """Every token is its own word: no dependency, and the fallback when alignment fails."""

    name = "syllable"

    def segment(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        return [(i, i + 1) for i in range(len(tokens))]


class PresegmentedSegmenter(SyllableSegmenter):
    """Text that is already word-segmented in PhoBERT's convention (``Thừa_Thiên_Huế``,
    VnCoreNLP's or ``anninh segment``'s output): the tokenizer keeps an underscore-joined
    word as one token, so each token is one word and no segmenter runs. For pretraining
    corpora segmented once on a CPU machine and read on another (a GPU host without
    underthesea); rules and gold offsets need raw text, so training refuses it."""

    name = "presegmented"


class _ExternalSegmenter:
    """A third-party segmenter: takes our syllables joined by spaces, returns words that
    :func:`_align` maps back onto the tokens."""

    name = ""
    package = ""

    def __init__(self) -> None:
        import importlib

        try:
            self._module = importlib.import_module(self.package)
        except ImportError as exc:  # pragma: no cover - depends on the environment
            others = ", ".join(repr(n) for n in sorted(SEGMENTERS) if n != self.name)
            raise ImportError(
                f"word segmenter {self.name!r} needs the {self.package} package: pip install {self.package} "
                f"(or choose segmenter {others})"
            ) from exc

    def words(self, text: str) -> list[str]:
        raise NotImplementedError

    def segment(self, tokens: Sequence[Token]) -> list[tuple[int, int]]:
        if not tokens:
            return []
        return split_case_changes(tokens, _align(tokens, self.words(" ".join(t.norm for t in tokens))))


class UndertheseaSegmenter(_ExternalSegmenter):
    """underthesea's CRF ``word_tokenize``."""

    name = package = "underthesea"

    def words(self, text: str) -> list[str]:
        return self._module.word_tokenize(text)


class PyviSegmenter(_ExternalSegmenter):
    """pyvi's ``ViTokenizer`` (faster, splits more names)."""

    name = package = "pyvi"

    def __init__(self) -> None:
        super().__init__()
        from pyvi import ViTokenizer

        self._tok = ViTokenizer

    def words(self, text: str) -> list[str]:
        return self._tok.tokenize(text).split()


SEGMENTERS: dict[str, Callable[[], Segmenter]] = {
    "syllable": SyllableSegmenter,
    "presegmented": PresegmentedSegmenter,
    "underthesea": UndertheseaSegmenter,
    "pyvi": PyviSegmenter,
}
DEFAULT_SEGMENTER = "underthesea"
_CACHE: dict[str, Segmenter] = {}


def register_segmenter(name: str, factory: Callable[[], Segmenter]) -> None:
    """Add a segmenter under ``name`` (e.g. a VnCoreNLP wrapper of your own)."""
    SEGMENTERS[name] = factory
    _CACHE.pop(name, None)


def get_segmenter(name: str = DEFAULT_SEGMENTER) -> Segmenter:
    if name not in SEGMENTERS:
        raise ValueError(f"unknown word segmenter {name!r}; choose one of {', '.join(sorted(SEGMENTERS))}")
    if name not in _CACHE:
        _CACHE[name] = SEGMENTERS[name]()
    return _CACHE[name]


def words_from_groups(tokens: Sequence[Token], groups: Sequence[tuple[int, int]]) -> list[Word]:
    return [
        Word("_".join(t.norm for t in tokens[i:j]), tokens[i].start, tokens[j - 1].end, i, j)
        for i, j in groups
    ]


def segment_words(tokens: Sequence[Token], segmenter: str | Segmenter = DEFAULT_SEGMENTER) -> list[Word]:
    """PhoBERT words over ``tokens``."""
    seg = get_segmenter(segmenter) if isinstance(segmenter, str) else segmenter
    return words_from_groups(tokens, seg.segment(tokens))
