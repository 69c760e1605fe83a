"""A corpus written word-segmented, in PhoBERT's convention, as JSONL(.gz).

Why: word segmentation is the slow, CPU-bound step of pretraining (underthesea, about
100K characters/s on 2 cores: 100M characters take a quarter of an hour) and needs
underthesea installed. Segmented once, the corpus travels to any machine, a GPU host
without underthesea included, and ``anninh pretrain --set data.segmenter=presegmented``
reads it as is (:class:`model.text.wordseg.PresegmentedSegmenter`).

Format: one JSON object per article, ``{"id": ..., "text": ...}``; ``text`` holds one
line per paragraph, words separated by spaces, the syllables of a word joined by ``_``
(``Công_an tỉnh Thừa_Thiên_Huế``), the normalised forms the model reads. Boilerplate
paragraphs left out of the words are left out here too.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


@dataclass
class SegmentedStats:
    documents: int
    paragraphs: int
    words: int
    characters: int  # of the written text


def _articles(words_ds: Any, batch_size: int = 2000) -> Iterator[tuple[str, list[str]]]:
    """``(doc id, paragraph lines)`` per article; the words dataset keeps an article's
    paragraphs together and in order."""
    current: str | None = None
    lines: list[str] = []
    for batch in words_ds.iter(batch_size=batch_size):
        for doc, words in zip(batch["doc"], batch["words"]):
            if doc != current and lines:
                yield current, lines
                lines = []
            current = doc
            lines.append(" ".join(words))
    if lines:
        yield current, lines


def write_segmented(words_ds: Any, path: str | Path) -> SegmentedStats:
    """Write ``words_ds`` (:func:`train.corpus.prepare.prepare_words`' dataset) to ``path``,
    gzip-compressed when the name ends in ``.gz``; the file appears only when complete
    (:func:`train.atomic.atomic_write`)."""
    from train.atomic import atomic_write

    path = Path(path)
    stats = SegmentedStats(0, 0, 0, 0)
    with atomic_write(path, compress=path.name.lower().endswith(".gz")) as fh:
        for doc, lines in _articles(words_ds):
            text = "\n".join(lines)
            fh.write(json.dumps({"id": doc, "text": text}, ensure_ascii=False) + "\n")
            stats.documents += 1
            stats.paragraphs += len(lines)
            stats.words += sum(len(line.split()) for line in lines)
            stats.characters += len(text)
    return stats
