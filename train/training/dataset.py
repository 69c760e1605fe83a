"""Labelled paragraphs -> word-segmented sentences -> subword windows -> ``datasets.Dataset``.

Two stages, because they have different costs and inputs. :func:`paragraphs_to_sentences`
tokenises and word-segments each sentence once (underthesea is the slow part) and projects
the character spans onto the words, giving tokenizer-independent :class:`WordSentence`
objects that augmentation can rewrite and a corpus vocabulary can be trained on.
:func:`encode_train` / :func:`encode_eval` then cut them into windows through
:mod:`model.encoding`, exactly as inference does: labels on the first subword of each word
and -100 elsewhere (or on every subword with ``label_all_tokens``), long sentences split
into overlapping windows, never truncated.

For evaluation each word is labelled in exactly one window, the one inference would read it
from (:func:`model.encoding.best_window_for_words`), so every dev word is scored once.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from model.document import make_paragraph
from model.encoding import IGNORE_INDEX, WordPiecer, best_window_for_words, encode_words, window_labels
from model.labels import LABEL2ID, LABELS, OUTSIDE, spans_lost, spans_to_tags
from model.packing import pack_groups
from model.text.wordseg import segment_words

from train.corpus.gold import GoldParagraph

# Where a training sentence's tags come from. Only SILVER (the rules' labels of the raw
# corpus) is completed by self-training and partially masked; a labelled file or reviewed
# gold is taken as it is, fully supervised.
SILVER = "silver"
GOLD = "gold"  # hand-labelled, reviewed by people (data.reviewed)
LABELLED = "train_file"  # data.train_file, as given
AUGMENTED = "augment"
SELF_TRAINING = "self-training"  # silver completed by the model's confident spans

# B-X id -> I-X id, for label_all_tokens (as run_ner.py's b_to_i_label).
CONTINUATION = {LABEL2ID[f"B-{lab}"]: LABEL2ID[f"I-{lab}"] for lab in LABELS}


@dataclass
class WordSentence:
    """One sentence as PhoBERT words with IOB2 tags. ``offsets`` are the words' character
    offsets in paragraph ``(doc, para)``; augmented sentences have none."""

    forms: list[str]
    tags: list[str]
    doc: str = ""
    para: int = -1
    offsets: list[tuple[int, int]] = field(default_factory=list)
    source: str = SILVER
    # per word: inside a reference the rules know to be no entity (`Công an 3 tỉnh`), where
    # self-training adds no model span; empty: none known
    veto: list[bool] = field(default_factory=list)
    # per word: left out of the loss where its tag is O, because the rules' silence there is
    # no evidence (train/training/partial.py); empty: every word is learnt
    unknown: list[bool] = field(default_factory=list)

    @property
    def has_entity(self) -> bool:
        return any(t != OUTSIDE for t in self.tags)


@dataclass
class SentenceStats:
    paragraphs: int = 0
    boilerplate_skipped: int = 0
    sentences: int = 0
    words: int = 0
    entities: Counter = field(default_factory=Counter)
    # Spans whose edges fall inside a segmenter word: their tags cover the whole word.
    spans_misaligned: int = 0

    def as_dict(self) -> dict:
        return {
            "paragraphs": self.paragraphs, "boilerplate_skipped": self.boilerplate_skipped,
            "sentences": self.sentences, "words": self.words,
            "entities": {lab: self.entities.get(lab, 0) for lab in LABELS},
            "spans_misaligned_with_words": self.spans_misaligned,
        }


def paragraphs_to_sentences(
    paragraphs: Sequence[GoldParagraph],
    segmenter: str,
    skip_boilerplate: bool = True,
    progress: bool = False,
    desc: str = "segmenting",
    source: str = SILVER,
) -> tuple[list[WordSentence], SentenceStats]:
    """Split labelled paragraphs into word-segmented, tagged sentences of ``source``."""
    stats = SentenceStats()
    out: list[WordSentence] = []
    it: Iterable[GoldParagraph] = paragraphs
    if progress:
        from tqdm.auto import tqdm

        it = tqdm(paragraphs, desc=desc, unit="para", leave=False)
    for gp in it:
        stats.paragraphs += 1
        para = make_paragraph(gp.para, 0, gp.text)
        if skip_boilerplate and para.boilerplate:
            stats.boilerplate_skipped += 1
            continue
        for lab in (s[2] for s in gp.entities):
            stats.entities[lab] += 1
        all_offsets: list[tuple[int, int]] = []
        for i, j in para.sentences:
            words = segment_words(para.tokens[i:j], segmenter)
            if not words:
                continue
            offsets = [(w.start, w.end) for w in words]
            all_offsets.extend(offsets)
            tags = spans_to_tags(offsets, gp.entities)
            out.append(WordSentence([w.form for w in words], tags, gp.doc, gp.para, offsets, source))
            stats.sentences += 1
            stats.words += len(words)
        stats.spans_misaligned += len(spans_lost(all_offsets, gp.entities))
    return out, stats


def pack_sentences(sentences: Sequence[WordSentence], limit: int) -> list[WordSentence]:
    """Consecutive sentences of one paragraph joined into units of at most ``limit`` words,
    grouped by :func:`model.packing.pack_groups` as inference groups them; ``limit`` 0
    returns the sentences as they are. Sentences must come in paragraph order, as the
    silver cache and :func:`paragraphs_to_sentences` give them."""
    if limit <= 0:
        return list(sentences)
    out: list[WordSentence] = []
    k = 0
    while k < len(sentences):
        m = k + 1
        key = (sentences[k].doc, sentences[k].para, sentences[k].source)
        while m < len(sentences) and (sentences[m].doc, sentences[m].para, sentences[m].source) == key \
                and key[1] >= 0:
            m += 1
        run = sentences[k:m]
        for a, b in pack_groups([len(s_.forms) for s_ in run], limit):
            part = run[a:b]
            if len(part) == 1:
                out.append(part[0])
                continue
            out.append(WordSentence(
                [f for s_ in part for f in s_.forms], [t for s_ in part for t in s_.tags], part[0].doc, part[0].para,
                [o for s_ in part for o in s_.offsets], part[0].source,
                _joined_flags(part, "veto"), _joined_flags(part, "unknown")))
        k = m
    return out


def _joined_flags(part: Sequence[WordSentence], name: str) -> list[bool]:
    """A per-word flag list of joined sentences; empty when no sentence has one."""
    if not any(getattr(s_, name) for s_ in part):
        return []
    return [v for s_ in part for v in (getattr(s_, name) or [False] * len(s_.forms))]


@dataclass
class EncodedRows:
    """Columns for a ``datasets.Dataset`` plus, for evaluation, which words each row scores."""

    input_ids: list[list[int]] = field(default_factory=list)
    labels: list[list[int]] = field(default_factory=list)
    sentence: list[int] = field(default_factory=list)  # index into the sentence list
    scored_words: list[list[int]] = field(default_factory=list)  # eval: word indices, in label order
    # per row: its words' weight in the loss (strong + weak training); empty: all 1.0
    weights: list[float] = field(default_factory=list)

    @property
    def n_subwords(self) -> int:
        return sum(len(x) for x in self.input_ids)

    def to_dataset(self):
        from datasets import Dataset

        columns = {"input_ids": self.input_ids, "labels": self.labels}
        if self.weights and any(w != 1.0 for w in self.weights):
            columns["loss_weight"] = self.weights  # read by train/training/weighted_loss.py
        return Dataset.from_dict(columns)


def _word_label_ids(s: WordSentence) -> list[int]:
    """Label id per word; an ``unknown`` word still tagged O is left out of the loss."""
    if not s.unknown:
        return [LABEL2ID[t] for t in s.tags]
    return [IGNORE_INDEX if u and t == OUTSIDE else LABEL2ID[t] for t, u in zip(s.tags, s.unknown)]


def encode_train(
    sentences: Sequence[WordSentence], tokenizer, max_length: int, stride: int, label_all_tokens: bool = False,
    piecer: WordPiecer | None = None, source_weights: dict[str, float] | None = None,
) -> EncodedRows:
    """Every window of every sentence, labelled for training; with ``source_weights`` each
    row carries the loss weight of its sentence's source (1.0 for a source not named)."""
    piecer = piecer or WordPiecer(tokenizer)
    rows = EncodedRows()
    for k, s in enumerate(sentences):
        ids = _word_label_ids(s)
        weight = source_weights.get(s.source, 1.0) if source_weights else 1.0
        for win in encode_words(piecer, s.forms, max_length, stride):
            rows.input_ids.append(win.input_ids)
            rows.labels.append(window_labels(win, ids, label_all_tokens, CONTINUATION))
            rows.sentence.append(k)
            if source_weights:
                rows.weights.append(weight)
    return rows


def encode_eval(
    sentences: Sequence[WordSentence], tokenizer, max_length: int, stride: int, piecer: WordPiecer | None = None,
) -> EncodedRows:
    """Windows labelled so that each word is scored once, on its first subword, in the
    window inference would take its prediction from."""
    piecer = piecer or WordPiecer(tokenizer)
    rows = EncodedRows()
    for k, s in enumerate(sentences):
        ids = _word_label_ids(s)
        windows = encode_words(piecer, s.forms, max_length, stride)
        owner = best_window_for_words(windows, len(s.forms))
        for wi, win in enumerate(windows):
            labels, scored = [], []
            for w, first in zip(win.word_index, win.first):
                if w is not None and first and owner[w] == wi:
                    labels.append(ids[w])
                    scored.append(w)
                else:
                    labels.append(IGNORE_INDEX)
            rows.input_ids.append(win.input_ids)
            rows.labels.append(labels)
            rows.sentence.append(k)
            rows.scored_words.append(scored)
    return rows
