"""Partial labels: where the rules' silence is no evidence that a word is no entity.

Silver labels teach every word the rules leave unlabelled as ``O``. For most words that is
right, but not for proper nouns the rules have no rule for: a bank (``Oceanbank``), a
foreign name (``Morgenthau``), a country in a frame no rule covers (``Mỹ``). Taught as
``O`` a few hundred times, the model learns to miss exactly what the rules miss, and
self-training cannot add back what the model was taught to ignore.

So, as in learning from partial annotation (AutoNER's "unknown" tokens, Shang et al. 2018),
those words are left out of the loss instead: a word is *unknown* when the rules gave it
``O`` and no veto, it is written in title case (every syllable capitalised, some letter
lower-case, so acronyms such as ``UBND`` or ``CSGT`` are not), it stands mid-sentence (after a
word or a comma, where capitals are not a sentence's), and the corpus itself writes it so:
at least ``min_ratio`` of its occurrences are capitalised mid-sentence rather than lower-case,
over at least ``min_count`` occurrences. ``Phó``, ``Bộ`` and ``Theo`` are written lower-case
often enough to stay ``O``; ``Nhà_Trắng`` never is. No word list is involved: the
statistics come from the training corpus.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Sequence

from model.labels import OUTSIDE

from .dataset import SILVER, WordSentence

_MID_AFTER = {",", ";"}


def title_case(form: str) -> bool:
    """Every syllable of a segmenter word (``Nhà_Trắng``) starts with a capital, and some
    letter is lower-case (so ``UBND`` and the initial ``T.`` are not title case)."""
    syllables = [p for p in form.split("_") if p]
    return bool(syllables) and all(p[0].isupper() for p in syllables) and any(ch.islower() for ch in form)


def mid_sentence(forms: Sequence[str], i: int) -> bool:
    """After a word or a comma: a capital here is the word's own, not the sentence's or a quote's."""
    if i == 0:
        return False
    prev = forms[i - 1]
    return prev[:1].isalnum() or prev in _MID_AFTER


@dataclass
class CaseCounts:
    """Per lower-cased form: occurrences capitalised mid-sentence, and written lower-case;
    and where each capitalised mid-sentence occurrence stands (sentence, word)."""

    capitalised: Counter = field(default_factory=Counter)
    lower: Counter = field(default_factory=Counter)
    positions: list[tuple[int, int]] = field(default_factory=list)

    def ratio(self, key: str) -> float:
        c = self.capitalised[key]
        return c / (c + self.lower[key]) if c else 0.0


def count_case(sentences: Sequence[WordSentence]) -> CaseCounts:
    counts = CaseCounts()
    for k, s in enumerate(sentences):
        for i, f in enumerate(s.forms):
            if f[:1].islower():
                counts.lower[f.lower()] += 1
            elif title_case(f) and mid_sentence(s.forms, i):
                counts.capitalised[f.lower()] += 1
                counts.positions.append((k, i))
    return counts


@dataclass
class PartialStats:
    words: int = 0  # words left out of the loss
    sentences: int = 0  # sentences with at least one
    forms: Counter = field(default_factory=Counter)

    def as_dict(self, top: int = 30) -> dict:
        return {"unknown_words": self.words, "sentences": self.sentences, "distinct_forms": len(self.forms),
                "most_frequent": [f"{f} ({n})" for f, n in self.forms.most_common(top)]}


def mark_unknown(sentences: Sequence[WordSentence], min_ratio: float,
                 min_count: int) -> tuple[list[WordSentence], PartialStats]:
    """The sentences with ``unknown`` set on the words described in the module docstring
    (statistics from ``sentences`` themselves); the tags are unchanged."""
    counts = count_case(sentences)
    stats = PartialStats()
    flags: dict[int, list[bool]] = {}
    for k, i in counts.positions:  # the title-case words mid-sentence, found while counting
        s = sentences[k]
        key = s.forms[i].lower()
        if s.source != SILVER or s.tags[i] != OUTSIDE or (s.veto and s.veto[i]) \
                or counts.capitalised[key] < min_count or counts.ratio(key) < min_ratio:
            continue
        flags.setdefault(k, [False] * len(s.forms))[i] = True
        stats.words += 1
        stats.forms[s.forms[i]] += 1
    stats.sentences = len(flags)
    return [replace(s, unknown=flags[k]) if k in flags else s for k, s in enumerate(sentences)], stats
