"""What a labeling function sees: paragraphs as token arrays plus the lexicon matches.

Each paragraph is scanned by the trie once; capitalisation, sentence starts and
"stop" positions (where a capitalised run must end: a title, a rank, an agency head) are
computed once and shared, so adding a labeling function costs little. Labeling functions
work on token indices; the engine maps them back to the paragraph's original characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from model.document import Document, Paragraph
from model.text.normalize import fold_case

from .lexicon import word_set
from .matcher import Entry
from .resources import Resources, get_resources
from .settings import threshold
from .syllable import is_vietnamese_syllable

# Categories whose multi-token matches end a capitalised run (names never contain them).
_STOP_MULTI = frozenset({"title", "honorific", "place_head", "named", "unit_head", "standalone", "credit", "force_head", "mission"})
# Honorifics that never sit inside a name: capitalised mid-run, they start the next mention.
NAME_BREAKERS = frozenset({"ông", "bà"})
_OPENERS = frozenset({'"', "'", "(", "[", ":", "-", "–", "“", "‘"})
TokSpan = tuple[int, int, str]  # token indices [i, j) and a label
# A time of day and what follows it (`Chiều 19/6`, `Sáng ngày`): a sentence starting where
# a headline's missing period should be, never the end of a name (`ông [Hiến] Chiều 19/6`).
TIME_WORDS = word_set("place_cues", "time_words")
TIME_AFTER = word_set("place_cues", "time_after")
# Initials that shorten a name for privacy: `H.`, and Vietnamese consonant clusters `Th.`, `Ng.`
_INITIAL_RE = re.compile(r"^(?:[A-ZĐ]|Ch|Gh|Gi|Kh|Ng|Ngh|Nh|Ph|Qu|Th|Tr)$")
# Initials alone (`P.V.K`, then a glued period): a whole name shortened for privacy
INITIALS_RE = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]$")


def is_initial(s: str) -> bool:
    """``s`` is a privacy initial (``H``, ``Th``) that keeps a glued period in a name."""
    return bool(_INITIAL_RE.match(s))


class ParaView:
    """One paragraph as arrays over its tokens (index ``k`` = ``para.tokens[k]``)."""

    def __init__(self, para: Paragraph, res: Resources, max_tokens: int | None = None) -> None:
        self.para = para
        self.index = para.index
        self.res = res
        toks = para.tokens if max_tokens is None else para.tokens[:max_tokens]
        self.toks = toks
        self.n = n = len(toks)
        norms = [t.norm for t in toks]
        self.norm = norms
        self.low = [fold_case(s) for s in norms]
        self.cap = [s[:1].isupper() for s in norms]
        self.alpha = [s.replace("'", "").isalpha() for s in norms]  # `M'gar` is a word
        self.upper = [s.isupper() and len(s) > 1 for s in norms]
        self.gap = [True] + [toks[k].start > toks[k - 1].end for k in range(1, n)]
        words = [k for k in range(n) if self.alpha[k]]
        caps = sum(1 for k in words if norms[k].isupper())
        # A headline or byline in capitals: capitalisation says nothing there.
        self.caps_para = len(words) >= 2 and caps >= threshold("caps_paragraph_ratio") * len(words)
        self.sent_start = [False] * n
        for a, b in para.sentences:
            k = a
            while k < min(b, n) and not self.alpha[k] and not norms[k][:1].isalnum():
                k += 1
            if k < n:
                self.sent_start[k] = True
        for k in range(1, n):
            if norms[k - 1] in _OPENERS and self.alpha[k]:
                self.sent_start[k] = True
        if n:
            self.sent_start[0] = True
        self.matches: dict[int, list[tuple[int, Entry]]] = res.trie.find_all(self.low)
        # Name-like syllable: capitalised letters only; acronyms (UBND, HD, CA) are not
        # name syllables except in an all-capitals paragraph.
        self.namelike = [self.cap[k] and self.alpha[k] and (self.caps_para or not self.upper[k]) for k in range(n)]
        self.stop = [self._is_stop(k) for k in range(n)]
        # Hard stops end even an agency's name: ranks and words that are never names.
        self.hardstop = [self.stop[k] and self._is_hard_stop(k) for k in range(n)]
        self._vn: dict[int, bool] = {}
        self._agency = None
        self.siblings: list["ParaView"] = [self]
        self.doc_cache: dict = {}

    def vn(self, k: int) -> bool:
        """Token ``k`` is a possible Vietnamese syllable (or a one-letter initial)."""
        s = self.norm[k]
        if len(s) == 1 and s.isalpha():
            return True
        return is_vietnamese_syllable(s)

    def glued_to_name(self, k: int, end: int) -> bool:
        """``[k, end)`` is glued to more capitalised words on either side, so it is part of
        a longer name, not a mention on its own."""
        return self.name_at(end) or (k > 0 and self.namelike[k - 1] and self.gap[k])

    def name_at(self, k: int) -> bool:
        """A capitalised name syllable stands at ``k``, spaced from the token before: a name
        goes on there (``Cẩm Xuyên | Hà`` is one longer run, ``Cẩm Xuyên | ,`` ends)."""
        return k < self.n and self.namelike[k] and self.gap[k]

    def phrase_end(self, k: int, words: frozenset[str], max_words: int | None = None) -> int:
        """End of the longest entry of ``words`` (folded, multi-word entries joined by one
        space, as :func:`~model.rules.lexicon.word_set` gives them) that starts at ``k``;
        ``k`` when none does. ``max_words`` caps the entries tried; by default the set's
        longest entry, so that no caller guesses a length its lexicon outgrows."""
        shape = entry_shape(words)
        if k >= self.n or self.low[k] not in shape.firsts:
            return k  # (speed: called for most tokens) no entry starts with this word
        for L in range(min(shape.longest if max_words is None else max_words, self.n - k), 0, -1):
            if " ".join(self.low[k:k + L]) in words:
                return k + L
        return k

    def all_vn(self, i: int, j: int) -> bool:
        """Every token is a Vietnamese syllable, an initial's period or a glued hyphenated
        part (`Kim Jong-un`: the name is judged by its first syllables)."""
        return all(self.vn(k) or self.norm[k] == "." or self.hyphen_part(k)
                   or (k == j - 2 and self.norm[j - 1] == "." and is_initial(self.norm[k])) for k in range(i, j))

    def hyphen_part(self, k: int) -> bool:
        if self.norm[k] == "-":
            return k > 0 and not self.gap[k] and k + 1 < self.n and not self.gap[k + 1]
        return k > 0 and self.norm[k - 1] == "-" and not self.gap[k] and self.alpha[k]

    # --- matches ------------------------------------------------------------------
    def case_ok(self, i: int, entry: Entry) -> bool:
        if entry.category not in self.res.case_sensitive:
            return True
        cap = self.cap
        if entry.category in self.res.first_cased:
            return cap[i] or not entry.mask[0]
        return all(cap[i + k] for k, need in enumerate(entry.mask) if need)

    def at(self, i: int, cats: Iterable[str] | str, case: bool = True) -> list[tuple[int, Entry]]:
        """Matches starting at ``i`` in ``cats`` (longest first), capitalisation checked."""
        if isinstance(cats, str):
            cats = (cats,)
        out = []
        for j, e in self.matches.get(i, ()):
            if e.category in cats and (not case or self.case_ok(i, e)):
                out.append((j, e))
        return out

    def longest(self, i: int, cats: Iterable[str] | str, case: bool = True) -> int:
        """End of the longest match at ``i`` in ``cats``, or ``i`` when there is none."""
        if i >= self.n:
            return i
        hits = self.at(i, cats, case)
        return hits[0][0] if hits else i

    def word_matches(self, category: str) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of the longest match of ``category`` at each token, where it stands
        as its own word (not glued to letters or digits on either side: ``Grab`` in
        ``GrabBike`` is no match of ``Grab``)."""
        n = self.n
        for k in range(n):
            hits = self.at(k, category) if k in self.matches else ()
            if not hits:
                continue
            e = hits[0][0]
            glued_after = e < n and not self.gap[e] and self.norm[e][:1].isalnum()
            glued_before = k > 0 and not self.gap[k] and self.norm[k - 1][:1].isalnum()
            if not (glued_after or glued_before):
                yield k, e

    def _is_stop(self, k: int) -> bool:
        # Right after a surname, a title written in name case goes on with the name:
        # `Nguyễn Anh Hùng` is a name, not the surname `Nguyễn` before the title `Anh hùng`;
        # `Đoàn Luật sư` (the title in its own case) still stops.
        after_surname = k > 0 and self.namelike[k - 1] and self.gap[k] and self.low[k - 1] in self.res.surnames
        for j, e in self.matches.get(k, ()):
            c = e.category
            if c == "rank" or c == "non_name":
                if c == "rank" or self.case_ok(k, e):
                    return True
            elif c in _STOP_MULTI and j - k >= 2 and self.case_ok(k, e) \
                    and not (after_surname and all(self.namelike[m] for m in range(k, j))):
                return True
        return False

    def _is_hard_stop(self, k: int) -> bool:
        return any(e.category == "rank" or (e.category == "non_name" and self.case_ok(k, e))
                   for _, e in self.matches.get(k, ()))

    # --- runs ---------------------------------------------------------------------
    def name_run(self, i: int, max_len: int = 7, person: bool = False) -> int:
        """End of the run of capitalised name syllables starting at ``i`` (``i`` if none).

        The run stops at punctuation, lower-case words, acronyms, digits and in front of
        a title, rank or agency head (``Đinh Văn Nơi | Giám đốc``). A one-letter final
        syllable keeps a glued period (``Nguyễn Văn H.``). ``person``: the run is a person's
        name, which a capitalised ``Ông``/``Bà`` ends (places keep it: ``Cầu Ông Lãnh``).
        """
        n = self.n
        j = i
        while j < n and j - i < max_len and self.namelike[j] and not self.stop[j]:
            if j > i and (not self.gap[j] or (person and self.low[j] in NAME_BREAKERS)):
                break  # a person's name: `ông Vĩnh | Ông Vĩnh kể` (a missing period); places keep theirs (`Cầu Ông Lãnh`)
            if j > i and self.time_start(j):
                break  # `ông Hiến | Chiều 19/6, ...`: the next sentence, its period missing
            j += 1
            if j + 1 < n and self.norm[j] == "-" and not self.gap[j] and not self.gap[j + 1] \
                    and self.alpha[j + 1] and self.norm[j + 1].islower() and len(self.norm[j + 1]) <= 4:
                j += 2  # a Korean given name: `Kim Min-jun`, `Moon Jae-in`; `Rostov-on-Don`
                while j + 1 < n and self.norm[j] == "-" and not self.gap[j] and not self.gap[j + 1] \
                        and self.alpha[j + 1]:
                    j += 2
        if j > i and j < n and self.norm[j] == "." and not self.gap[j] and is_initial(self.norm[j - 1]):
            j += 1
        return j

    def time_start(self, k: int) -> bool:
        """Token ``k`` is a capitalised time of day that a date or day word follows
        (``Chiều 19/6``, ``Sáng ngày``, ``Tối qua``): it starts a sentence."""
        if not self.cap[k] or self.low[k] not in TIME_WORDS or k + 1 >= self.n:
            return False
        return self.norm[k + 1][:1].isdigit() or self.low[k + 1] in TIME_AFTER

    def text(self, i: int, j: int) -> str:
        if i >= j:
            return ""
        return self.para.text[self.toks[i].start:self.toks[j - 1].end]

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        return self.toks[i].start, self.toks[j - 1].end


@dataclass
class DocView:
    """A document for labeling functions; ``cache`` lets functions share derived results
    (the agency parser's spans are used by the person rules too)."""

    doc: Document
    paras: list[ParaView]
    # the aggregate of every stage before the one running (stage 1 sees none): what
    # propagation (stage 2 and later) reads, per paragraph index
    prior_spans: dict[int, list[TokSpan]] = field(default_factory=dict)
    cache: dict = field(default_factory=dict)
    corpus_gazetteer: object = None  # names confirmed across the corpus (lf_corpus), set by the engine

    @classmethod
    def build(cls, doc: Document, res: Resources | None = None, max_tokens: int | None = None) -> "DocView":
        res = res or get_resources()
        paras = [ParaView(p, res, max_tokens) for p in doc.paragraphs]
        shared: dict = {}
        for pv in paras:  # what one paragraph may learn from the others (headline names)
            pv.siblings = paras
            pv.doc_cache = shared
        return cls(doc, paras)

    def taken(self, pv: ParaView) -> list[bool]:
        """Which tokens of ``pv`` an earlier stage's span (any label) already covers:
        propagation only labels the mentions those stages left free."""
        taken = [False] * pv.n
        for i, j, _ in self.prior_spans.get(pv.index, ()):
            for t in range(i, min(j, pv.n)):
                taken[t] = True
        return taken


@dataclass(frozen=True)
class EntryShape:
    """The first and last words of a word set's entries and its longest entry in words:
    what a lookup needs to skip the tokens where no entry can start or end."""

    firsts: frozenset[str]
    lasts: frozenset[str]
    longest: int


_SHAPES: dict[frozenset, EntryShape] = {}


def entry_shape(words: frozenset[str]) -> EntryShape:
    """:class:`EntryShape` of a word set (multi-word entries joined by one space), computed
    once per set."""
    shape = _SHAPES.get(words)
    if shape is None:
        split = [w.split(" ") for w in words]
        shape = _SHAPES[words] = EntryShape(frozenset(p[0] for p in split), frozenset(p[-1] for p in split),
                                            max(map(len, split), default=0))
    return shape
