"""Thirty-four gold sets of real news, rebuilt from the research corpus beside the checkout.

``data/gold/news-heldout.spans.jsonl`` holds hand labels for 410 police and crime articles
of ``../shared/corpus/news/baomoi-2017.jsonl.gz`` that are not in ``corpus/police`` and
share no sentence with it or with dev-police: only article ids, paragraph numbers, a SHA-1
of each paragraph's text and the entity offsets, never the text itself (the corpus is
research material and stays outside the repository). This module joins them back to the
corpus and writes ordinary gold files into the cache, so every gold tool reads them:

- ``news-a`` (14 articles, 330 entities): the rules' recall work of 2026-11-26 looked at
  its errors, so for the rules it is a development set;
- ``news-b`` (12 articles, 263 entities): labelled afterwards and held out that day; the
  rule work of 486f289..3803ff8 looked at its errors, so it is a development set now too;
- ``news-c`` (12 articles, 275 entities, f7dcd8b): labelled before any tool was run on it;
  scored only, but its scores raised two questions (the hybrid's order, the
  self-training round) that news-d then decided;
- ``news-d`` (12 articles, 215 entities, 346219c): first scored after the decisions it
  would settle were written down; scored many times since;
- ``news-e`` (12 articles, 280 entities, 4e564e8): labelled by hand from the guideline
  alone, first scored after the decisions it would settle were written down; a
  development set since;
- ``news-f`` (12 articles, 292 entities, 43fe09a): the same, for the next decisions; a
  development set since;
- ``news-g`` (12 articles, 308 entities, no RANK, f5ffdb2): the same; its rule errors
  were read afterwards, so a development set since;
- ``news-h`` (12 articles, 291 entities, bf54148): scored once with no decision riding on
  it; its rule errors were read afterwards (6167c3f..cfed326), so a development set since;
- ``news-i`` (12 articles, 391 entities, no RANK, 80732d3): labelled from the guideline
  alone, no tool run on it, and scored once (8dd0120), after every decision of its round
  had been taken on the other sets: the held-out set;
- ``news-j`` (12 articles, 474 entities), ``news-k`` (12, 472) and ``news-l`` (12, 386), no
  RANK: international crime, cyber crime, smuggling and corruption trials, drawn by
  ``scripts/pick_dev_articles.py`` (``data/gold/news-draws.jsonl``) for the rules' world
  beyond the province and labelled from the guideline alone before any tool was run on
  them (``data/gold/NOTES-news-jkl.md``); j and k are development sets, ``news-l`` is
  held out like ``news-i``;
- ``news-m`` .. ``news-t`` (12 articles each; 340, 555, 492, 297, 535, 391, 365 and 499
  entities): everyday police and crime news like ``news-a`` .. ``news-i`` (assaults,
  robberies, theft, fraud, courts), drawn by ``scripts/pick_dev_articles.py`` with
  ``data/gold/police-topics.yaml`` (``data/gold/news-draws-police.jsonl``) and labelled from
  the guideline alone before any tool was run on them (``data/gold/NOTES-news-mt.md``):
  ``news-m`` .. ``news-s`` are reviewed gold to train on, ``news-t`` is held out;
- ``news-u`` .. ``news-z`` (12 articles each; 349, 545, 415, 365, 373 and 406 entities):
  six more such sets, drawn the same way from what those draws left
  (``data/gold/news-draws-police2.jsonl``) and labelled the same way
  (``data/gold/NOTES-news-uz.md``): reviewed gold to train on;
- ``news-aa`` .. ``news-ah`` (12 articles each; 425, 357, 460, 324, 417, 390, 401 and 442
  entities): eight more (``data/gold/news-draws-police3.jsonl``, same notes):
  ``news-aa`` .. ``news-ag`` are reviewed gold to train on, ``news-ah`` is held out.

The commits and their dates are in ``docs/log.md``.
Counts are after issue 21's consistency rulings (``docs/gold.md``).

A paragraph is a non-empty line of the article's ``text``, stripped, as in every gold file.
"""
from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

from train.atomic import atomic_write

ROOT = Path(__file__).resolve().parents[2]
SPANS = ROOT / "data" / "gold" / "news-heldout.spans.jsonl"


class NewsGoldError(ValueError):
    """The corpus beside the checkout does not hold the labelled text any more."""


def news_corpus(shared_gold: Path) -> Path | None:
    """``corpus/news/baomoi-2017.jsonl.gz`` beside the shared gold folder, if it is there."""
    p = shared_gold.parent / "corpus" / "news" / "baomoi-2017.jsonl.gz"
    return p if p.is_file() else None


def paragraphs(text: str) -> list[str]:
    """An article's paragraphs as every gold file numbers them: non-empty lines, stripped."""
    return [p.strip() for p in text.split("\n") if p.strip()]


def read_news_texts(corpus: Path, wanted: set[str]) -> dict[str, list[str]]:
    """The paragraphs of each article of ``corpus`` whose id is in ``wanted``, as labelled."""
    texts: dict[str, list[str]] = {}
    with gzip.open(corpus, "rt", encoding="utf-8") as fh:
        for line in fh:
            if '"id"' not in line:
                continue
            rec = json.loads(line)
            if rec.get("id") in wanted:
                texts[rec["id"]] = paragraphs(rec.get("text", ""))
    return texts


def load_spans(spans: Path) -> list[dict]:
    """The records of a spans file, one per labelled paragraph."""
    return [json.loads(line) for line in spans.read_text(encoding="utf-8").splitlines() if line.strip()]


def write_gold_sets(records: list[dict], texts: dict[str, list[str]], out_dir: Path, spans: Path,
                    origin: str) -> dict[str, Path]:
    """Write ``out_dir/<set>.gold.jsonl`` for every set of ``records``, each paragraph's text
    taken from ``texts`` (an article's paragraphs by id) and checked against its SHA-1.
    ``origin`` names where ``texts`` came from, for the errors."""
    sets = sorted({r["set"] for r in records})
    paths = {s: out_dir / f"{s}.gold.jsonl" for s in sets}
    missing = sorted({r["doc"] for r in records} - set(texts))
    if missing:
        raise NewsGoldError(f"{origin} lacks {len(missing)} labelled article(s), e.g. {missing[0]}; "
                            f"{spans} was labelled on it as shipped in ../shared")
    out_dir.mkdir(parents=True, exist_ok=True)
    for s in sets:
        with atomic_write(paths[s]) as fh:
            for r in records:
                if r["set"] != s:
                    continue
                paras = texts[r["doc"]]
                text = paras[r["para"]] if r["para"] < len(paras) else ""
                if hashlib.sha1(text.encode("utf-8")).hexdigest() != r["sha1"]:
                    raise NewsGoldError(f"{spans}: doc {r['doc']} paragraph {r['para']} does not match its "
                                        f"SHA-1 in {origin}; the corpus changed since it was labelled")
                gold = {"doc": r["doc"], "para": r["para"], "text": text, "entities": r["entities"]}
                fh.write(json.dumps(gold, ensure_ascii=False) + "\n")
    return paths


def fresh(paths: dict[str, Path], inputs: list[Path]) -> bool:
    """Every output exists and is newer than every input (so a rebuild can be skipped)."""
    newest = max(p.stat().st_mtime for p in inputs)
    return all(p.is_file() and p.stat().st_mtime >= newest for p in paths.values())


def build_news_gold(corpus: Path, out_dir: Path, spans: Path = SPANS) -> dict[str, Path]:
    """Write ``out_dir/<set>.gold.jsonl`` for every set in ``spans`` (reused while newer
    than both inputs) and return them by set name. Raises :class:`NewsGoldError` when an
    article is missing or a paragraph's text no longer matches its SHA-1."""
    records = load_spans(spans)
    paths = {s: out_dir / f"{s}.gold.jsonl" for s in {r["set"] for r in records}}
    if fresh(paths, [spans, corpus]):
        return paths
    texts = read_news_texts(corpus, {r["doc"] for r in records})
    return write_gold_sets(records, texts, out_dir, spans, str(corpus))
