"""Mention-replacement augmentation: the same sentence with other names in it.

A small silver corpus names the same few people, agencies and provinces again and again, so
a model can reach a low loss by memorising names instead of learning the contexts that
signal an entity (``Đại tá ... , Giám đốc Công an tỉnh ...``). Each augmented copy of a
sentence keeps its context and swaps entity mentions for other mentions of the same type:

* RANK and LOCATION from the rules' lexicons (``augment.lexicons``) and the corpus;
* PERSON: corpus names with their surname replaced by one from the surname lexicon;
* AGENCY: corpus agencies, plus agencies whose trailing place name (``Công an tỉnh
  Thừa_Thiên_Huế``) is swapped for another place (``Công an tỉnh Nghệ_An``).

Replacement text is word-segmented with the run's segmenter, so augmented sentences look
like real input. Everything is driven by one seeded ``random.Random``: same seed, same copies.
"""
from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Sequence

from model.document import make_paragraph
from model.labels import LABELS, tags_to_spans
from model.text.wordseg import segment_words

from .config import AugmentConfig
from .dataset import WordSentence

Mention = tuple[str, ...]  # word forms, e.g. ("Thừa_Thiên_Huế",) or ("Lê", "Hồng", "Nam")
MAX_LEXICON_ENTRIES = 3000  # per lexicon: bounds segmentation time, plenty of variety
AGENCY_VARIANTS_PER_TEMPLATE = 12


class AugmentError(ValueError):
    """Augmentation is misconfigured (e.g. an unknown lexicon); names the config key."""


@dataclass
class MentionPools:
    pools: dict[str, list[Mention]] = field(default_factory=dict)
    sources: dict[str, Counter] = field(default_factory=dict)  # label -> {source: count}

    def add(self, label: str, mention: Mention, source: str) -> None:
        if not mention or not all(mention):
            return
        pool = self.pools.setdefault(label, [])
        pool.append(mention)
        self.sources.setdefault(label, Counter())[source] += 1

    def finish(self) -> "MentionPools":
        """Deduplicate, keeping first-seen order (deterministic)."""
        self.pools = {lab: list(dict.fromkeys(p)) for lab, p in self.pools.items()}
        return self

    def summary(self) -> dict:
        return {lab: {"distinct": len(self.pools.get(lab, [])), **dict(self.sources.get(lab, {}))} for lab in LABELS}


def segment_phrase(text: str, segmenter: str) -> Mention:
    para = make_paragraph(0, 0, text)
    return tuple(w.form for w in segment_words(para.tokens, segmenter))


def _load_lexicon(name: str, key: str) -> list[str]:
    from model.rules import load_lexicon

    try:
        entries = list(load_lexicon(name))
    except (KeyError, FileNotFoundError, ValueError) as exc:
        raise AugmentError(f"{key}: cannot load lexicon {name!r}: {exc}") from None
    return [e.strip() for e in entries if isinstance(e, str) and e.strip()]


def _display(entry: str) -> str:
    """Lexicons may store lower-cased keys; names are written capitalised per syllable."""
    if entry != entry.lower():
        return entry
    return " ".join(s[:1].upper() + s[1:] for s in entry.split(" "))


def corpus_mentions(sentences: Sequence[WordSentence]) -> list[tuple[str, Mention]]:
    out = []
    for s in sentences:
        for i, j, lab in tags_to_spans(s.tags):
            out.append((lab, tuple(s.forms[i:j])))
    return out


def build_pools(sentences: Sequence[WordSentence], cfg: AugmentConfig, segmenter: str, seed: int = 0) -> MentionPools:
    rng = random.Random(seed)
    pools = MentionPools()
    seen = corpus_mentions(sentences)
    if cfg.use_corpus:
        for lab, m in seen:
            pools.add(lab, m, "corpus")
    for lab, names in cfg.lexicons.items():
        for name in names:
            entries = _load_lexicon(name, f"augment.lexicons.{lab}")
            if len(entries) > MAX_LEXICON_ENTRIES:
                entries = rng.sample(entries, MAX_LEXICON_ENTRIES)
            for e in entries:
                pools.add(lab, segment_phrase(_display(e), segmenter), f"lexicon:{name}")
    # PERSON: corpus names under other surnames.
    persons = [m for lab, m in seen if lab == "PERSON"]
    if cfg.person_surnames and persons:
        surnames = [_display(s) for s in _load_lexicon(cfg.person_surnames, "augment.person_surnames")]
        surnames = [s for s in surnames if " " not in s]
        for m in persons:
            for sur in rng.sample(surnames, min(len(surnames), 8)):
                first = m[0]
                if "_" in first:
                    new = (sur + first[first.index("_"):],) + m[1:]
                elif len(m) > 1:
                    new = (sur,) + m[1:]
                else:
                    continue  # a one-syllable name: no surname to swap
                pools.add("PERSON", new, "surname-swap")
    # AGENCY: corpus agencies whose tail is a known place, with other places.
    places = pools.pools.get("LOCATION", [])
    place_set = set(places)
    if places:
        for lab, m in seen:
            if lab != "AGENCY":
                continue
            for k in range(1, len(m)):
                if m[k:] in place_set:
                    for p in rng.sample(places, min(len(places), AGENCY_VARIANTS_PER_TEMPLATE)):
                        pools.add("AGENCY", m[:k] + p, "place-swap")
                    break
    return pools.finish()


def augment_sentences(
    sentences: Sequence[WordSentence], pools: MentionPools, copies: int, replace_prob: float, seed: int = 0
) -> list[WordSentence]:
    """``copies`` rewritten copies of each sentence that holds an entity (none for others).

    Each mention is replaced with probability ``replace_prob``; a copy in which nothing was
    replaced gets one replacement forced, and a sentence whose mentions have no alternative
    yields no copy.
    """
    rng = random.Random(seed)
    out: list[WordSentence] = []
    for s in sentences:
        spans = tags_to_spans(s.tags)
        if not spans:
            continue
        for _ in range(copies):
            choice: dict[int, Mention] = {}
            for n, (i, j, lab) in enumerate(spans):
                if rng.random() < replace_prob:
                    alt = _pick(pools.pools.get(lab, []), tuple(s.forms[i:j]), rng)
                    if alt is not None:
                        choice[n] = alt
            if not choice:
                order = list(range(len(spans)))
                rng.shuffle(order)
                for n in order:
                    i, j, lab = spans[n]
                    alt = _pick(pools.pools.get(lab, []), tuple(s.forms[i:j]), rng)
                    if alt is not None:
                        choice[n] = alt
                        break
            if not choice:
                break
            forms: list[str] = []
            tags: list[str] = []
            pos = 0
            for n, (i, j, lab) in enumerate(spans):
                forms += s.forms[pos:i]
                tags += s.tags[pos:i]
                new = choice.get(n, tuple(s.forms[i:j]))
                forms += list(new)
                tags += [f"B-{lab}"] + [f"I-{lab}"] * (len(new) - 1)
                pos = j
            forms += s.forms[pos:]
            tags += s.tags[pos:]
            out.append(WordSentence(forms, tags, s.doc, s.para, [], "augment"))
    return out


def _pick(pool: list[Mention], current: Mention, rng: random.Random) -> Mention | None:
    if not pool or (len(pool) == 1 and pool[0] == current):
        return None
    for _ in range(8):
        m = pool[rng.randrange(len(pool))]
        if m != current:
            return m
    return None


def augment(sentences: Sequence[WordSentence], cfg: AugmentConfig, segmenter: str, seed: int) -> tuple[list[WordSentence], dict]:
    """Pools + copies in one call; returns the new sentences and a summary for the model card."""
    if not cfg.enabled or cfg.copies == 0:
        return [], {"enabled": False}
    pools = build_pools(sentences, cfg, segmenter, seed)
    new = augment_sentences(sentences, pools, cfg.copies, cfg.replace_prob, seed + 1)
    return new, {"enabled": True, "copies": cfg.copies, "replace_prob": cfg.replace_prob,
                 "sentences_added": len(new), "pools": pools.summary()}


__all__ = ["MentionPools", "build_pools", "augment_sentences", "augment", "AugmentError"]
