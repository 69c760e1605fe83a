"""Gold sets of the police corpus itself, rebuilt from ``../shared/corpus/police``.

``data/gold/police.spans.jsonl`` holds hand labels for articles of ``corpus/police``, the
silver corpus the model is trained on and the closest to the articles the product is
judged on. As for the news sets (:mod:`.news_gold`), the repository keeps only article ids
(the file stems), paragraph numbers, a SHA-1 of each paragraph's text and the entity
offsets; this module joins them back to the corpus and writes ordinary gold files into the
cache.

- ``police-a`` .. ``police-h`` (12 articles each; 380, 438, 390, 516, 463, 469, 422 and
  519 entities): drawn by ``scripts/pick_dev_articles.py --corpus police``
  (``data/gold/police-draws.jsonl``), sharing no paragraph with dev-police, the seed
  articles or any article labelled before, and labelled from the guideline alone before
  any tool was run on them (``data/gold/NOTES-police.md``): reviewed gold to train on;
- ``police-i`` .. ``police-p`` (12 articles each; 444, 403, 504, 524, 366, 480, 356 and
  494 entities): eight more, drawn the same way from what that draw left
  (``data/gold/police-draws2.jsonl``, same notes): reviewed gold to train on. In training a reviewed paragraph replaces the silver labels
  of the same paragraph (:func:`train.training.reviewed.replace_silver`);
- ``police-q`` .. ``police-x`` (12 articles each; 391, 439, 529, 524, 523, 462, 503 and 451
  entities): eight more from what those two draws left (``data/gold/police-draws3.jsonl``,
  same notes), **held out**: never trained on (``data.reviewed.sets`` refuses them) and
  never chosen on.

A paragraph is a non-empty line of the article file, stripped, as in every gold file.
"""
from __future__ import annotations

from pathlib import Path

from .news_gold import ROOT, NewsGoldError, fresh, load_spans, paragraphs, write_gold_sets

POLICE_SPANS = ROOT / "data" / "gold" / "police.spans.jsonl"


def police_corpus(shared_gold: Path) -> Path | None:
    """``corpus/police`` beside the shared gold folder, if it is there."""
    p = shared_gold.parent / "corpus" / "police"
    return p if p.is_dir() else None


def police_file(folder: Path, doc: str) -> Path:
    return folder / f"{doc}.txt"


def read_police_texts(folder: Path, wanted: set[str]) -> dict[str, list[str]]:
    """The paragraphs of each article ``folder/<id>.txt`` whose id is in ``wanted`` and whose
    file exists, read as the corpus reader reads it (UTF-8, a byte-order mark dropped)."""
    texts: dict[str, list[str]] = {}
    for doc in sorted(wanted):
        f = police_file(folder, doc)
        if f.is_file():
            texts[doc] = paragraphs(f.read_bytes().decode("utf-8-sig"))
    return texts


def build_police_gold(folder: Path, out_dir: Path, spans: Path = POLICE_SPANS) -> dict[str, Path]:
    """Write ``out_dir/<set>.gold.jsonl`` for every set in ``spans`` (reused while newer than
    the spans file and every labelled article) and return them by set name. Raises
    :class:`~.news_gold.NewsGoldError` when an article is missing or a paragraph's text no
    longer matches its SHA-1."""
    if not spans.is_file():
        return {}
    records = load_spans(spans)
    docs = {r["doc"] for r in records}
    paths = {s: out_dir / f"{s}.gold.jsonl" for s in {r["set"] for r in records}}
    files = [police_file(folder, d) for d in sorted(docs)]
    if all(f.is_file() for f in files) and fresh(paths, [spans, *files]):
        return paths
    return write_gold_sets(records, read_police_texts(folder, docs), out_dir, spans, str(folder))


__all__ = ["POLICE_SPANS", "NewsGoldError", "build_police_gold", "police_corpus", "read_police_texts"]
