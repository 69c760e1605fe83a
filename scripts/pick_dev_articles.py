"""Draw fresh articles for a hand-labelled development set, before any tool is run on them.

Why: a gold set whose errors the rule work has read is spent for judging that work. A new
set must be drawn by a rule written down first (topic words, length, exclusions, a seed),
not picked by eye, and labelled from ``data/gold/GUIDELINE.md`` alone.

The draw reads ``../shared/corpus/news/baomoi-2017.jsonl.gz`` and keeps an article when

- its id is in no gold set (``data/gold/news-heldout.spans.jsonl``, ``police.spans.jsonl``; the sets being drawn
  excepted, so that the command reproduces its draw after they are labelled) and not in
  ``corpus/police`` (so a police model can be trained without excluding anything);
- none of its paragraphs occurs in ``corpus/police``, in dev-police or in an article
  already labelled (syndicated copies share paragraphs);
- its length is within ``--min-chars`` .. ``--max-chars``;
- it matches a topic of ``--topics`` (a YAML file of topic -> ``core`` and ``words``; the
  default lists international crime, cyber crime, drugs across borders and corruption
  trials): one ``core`` word at least and ``--min-hits`` distinct ``words``.

It then shuffles the survivors with ``--seed`` and deals them round-robin over the topics
into ``--sets`` sets of ``--size`` articles (each topic spread over all sets), and prints (or writes with ``--out``) one JSON
line per article: ``{"set", "doc", "topic", "chars"}``. Texts stay in ``../shared``.

    python scripts/pick_dev_articles.py --sets news-j news-k news-l --size 12 --seed 2026 \
        --min-hits 4 --exclude-sets news-a news-b news-c news-d news-e news-f news-g news-h news-i \
        --out data/gold/news-draws.jsonl

(the draw of ``news-j`` .. ``news-l``, committed before anyone labelled them), and for more
police and crime articles like ``news-a`` .. ``news-i``:

    python scripts/pick_dev_articles.py --topics data/gold/police-topics.yaml \
        --sets news-m news-n news-o news-p news-q news-r news-s news-t --size 12 --seed 2028 \
        --min-hits 3 --exclude-sets news-a news-b news-c news-d news-e news-f news-g news-h news-i \
        news-j news-k news-l --out data/gold/news-draws-police.jsonl

and the next six such sets, from what those draws left:

    python scripts/pick_dev_articles.py --topics data/gold/police-topics.yaml \
        --sets news-u news-v news-w news-x news-y news-z --size 12 --seed 2029 --min-hits 3 \
        --exclude-sets news-a news-b news-c news-d news-e news-f news-g news-h news-i news-j \
        news-k news-l news-m news-n news-o news-p news-q news-r news-s news-t \
        --out data/gold/news-draws-police2.jsonl

and eight more (``news-ah`` is held out):

    python scripts/pick_dev_articles.py --topics data/gold/police-topics.yaml \
        --sets news-aa news-ab news-ac news-ad news-ae news-af news-ag news-ah --size 12 \
        --seed 2030 --min-hits 3 --exclude-sets news-a news-b news-c news-d news-e news-f \
        news-g news-h news-i news-j news-k news-l news-m news-n news-o news-p news-q news-r \
        news-s news-t news-u news-v news-w news-x news-y news-z \
        --out data/gold/news-draws-police3.jsonl

With ``--corpus police`` the draw reads ``../shared/corpus/police`` itself, the silver
corpus and the closest to the articles the product is judged on: every article there is
police news, so an article's topic (``--topics``, or ``other``) only spreads the topics over
the sets. It keeps an article whose length is within bounds and none of whose paragraphs
occurs in dev-police, in the seed articles (``data/raw``) or in an article already labelled;
gold from the silver corpus replaces the silver labels of its paragraphs in training.
The draw of ``police-a`` .. ``police-h``:

    python scripts/pick_dev_articles.py --corpus police --topics data/gold/police-topics.yaml \
        --sets police-a police-b police-c police-d police-e police-f police-g police-h --size 12 \
        --seed 2031 --out data/gold/police-draws.jsonl

and the next eight, from what that draw left:

    python scripts/pick_dev_articles.py --corpus police --topics data/gold/police-topics.yaml \
        --sets police-i police-j police-k police-l police-m police-n police-o police-p --size 12 \
        --seed 2032 --out data/gold/police-draws2.jsonl

and eight more from what those left, held out (never trained on, never chosen on):

    python scripts/pick_dev_articles.py --corpus police --topics data/gold/police-topics.yaml \
        --sets police-q police-r police-s police-t police-u police-v police-w police-x --size 12 \
        --seed 2033 --out data/gold/police-draws3.jsonl
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from pathlib import Path
from typing import Iterator

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from train.evaluation.news_gold import SPANS, load_spans, paragraphs  # noqa: E402
from train.evaluation.police_gold import POLICE_SPANS  # noqa: E402
SHARED = ROOT.parent / "shared"
TOPICS = ROOT / "data" / "gold" / "dev-topics.yaml"


def known_paragraphs(shared: Path, labelled_ids: set[str], news: Path, police: bool = True) -> set[str]:
    """Paragraphs (over 40 chars) of dev-police, the seed articles, already labelled articles
    and (``police``) all of corpus/police."""
    seen: set[str] = set()
    for f in sorted((shared / "corpus" / "police").glob("*.txt")):
        if police or f.stem in labelled_ids:
            seen.update(p for p in paragraphs(f.read_text(encoding="utf-8")) if len(p) > 40)
    for f in sorted((ROOT / "data" / "raw").glob("*.txt")):
        seen.update(p for p in paragraphs(f.read_text(encoding="utf-8")) if len(p) > 40)
    dev = shared / "gold" / "dev-police.gold.jsonl"
    if dev.is_file():
        for line in dev.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.add(json.loads(line)["text"].strip())
    with gzip.open(news, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in labelled_ids:
                seen.update(p for p in paragraphs(rec["text"]) if len(p) > 40)
    return seen


def news_articles(news: Path) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of each article of the news corpus, in file order."""
    with gzip.open(news, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            yield rec["id"], rec.get("text", "")


def police_articles(shared: Path) -> Iterator[tuple[str, str]]:
    """``(file stem, text)`` of each article of corpus/police, in file-name order."""
    for f in sorted((shared / "corpus" / "police").glob("*.txt")):
        yield f.stem, f.read_bytes().decode("utf-8-sig")  # as the corpus reader and police_gold read it


def topic_of(text: str, topics: dict[str, dict[str, list[str]]], min_hits: int) -> str | None:
    """Of the topics with a core word in ``text`` (lower-cased), the one with the most
    distinct words, if it reaches min_hits: a core word keeps off articles that only
    share the topic's vocabulary (a trade fair at a border, a singer's fan page)."""
    low = text.lower()
    best, best_hits = None, 0
    for name, spec in topics.items():
        if not any(w.lower() in low for w in spec["core"]):
            continue
        hits = sum(1 for w in spec["words"] if w.lower() in low)
        if hits > best_hits:
            best, best_hits = name, hits
    return best if best_hits >= min_hits else None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--corpus", choices=("news", "police"), default="news",
                    help="news: corpus/news/baomoi-2017.jsonl.gz, articles not in corpus/police; "
                         "police: corpus/police itself")
    ap.add_argument("--topics", type=Path, default=TOPICS)
    ap.add_argument("--sets", nargs="+", required=True, help="names of the new sets")
    ap.add_argument("--size", type=int, default=12)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--min-chars", type=int, default=1500)
    ap.add_argument("--max-chars", type=int, default=5000)
    ap.add_argument("--min-hits", type=int, default=3)
    ap.add_argument("--exclude-sets", nargs="+", metavar="SET",
                    help="the labelled sets whose articles and paragraphs are kept out (default: every set "
                         "of data/gold/news-heldout.spans.jsonl but --sets); a committed draw names the sets "
                         "labelled before it, so that later sets do not change it")
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)

    news = a.shared / "corpus" / "news" / "baomoi-2017.jsonl.gz"
    if not news.is_file():
        sys.exit(f"error: {news} is missing; pass --shared DIR, the folder holding corpus/news")
    topics = yaml.safe_load(a.topics.read_text(encoding="utf-8"))
    # the labels of the sets being drawn are left out of the exclusions, so that the same
    # command reproduces a committed draw after its sets were labelled
    recs = [r for spans in (SPANS, POLICE_SPANS) if spans.is_file() for r in load_spans(spans)]
    excluded = set(a.exclude_sets) if a.exclude_sets else {r["set"] for r in recs} - set(a.sets)
    labelled = {r["doc"] for r in recs if r["set"] in excluded}
    police_ids = {f.stem for f in (a.shared / "corpus" / "police").glob("*.txt")}
    from_police = a.corpus == "police"
    seen = known_paragraphs(a.shared, labelled, news, police=not from_police)

    by_topic: dict[str, list[tuple[str, int]]] = {t: [] for t in topics}
    if from_police:
        by_topic["other"] = []
    for doc, text in (police_articles(a.shared) if from_police else news_articles(news)):
        if doc in labelled or (doc in police_ids) != from_police or not a.min_chars <= len(text) <= a.max_chars:
            continue
        paras = paragraphs(text)
        if any(p in seen for p in paras):
            continue
        topic = topic_of(text, topics, a.min_hits) or ("other" if from_police else None)
        if topic:
            by_topic[topic].append((doc, len(text)))
            seen.update(p for p in paras if len(p) > 40)  # no two syndicated copies
    rng = random.Random(a.seed)
    for docs in by_topic.values():
        docs.sort()
        rng.shuffle(docs)
    need = len(a.sets) * a.size
    dealt: list[tuple[str, str, int]] = []
    while len(dealt) < need and any(by_topic.values()):
        for topic, docs in by_topic.items():
            if docs and len(dealt) < need:
                doc, n = docs.pop()
                dealt.append((topic, doc, n))
    if len(dealt) < need:
        sys.exit(f"error: only {len(dealt)} articles pass the filter, {need} wanted; "
                 "loosen --min-hits or the length bounds")
    # each topic's articles go round the sets in turn, so every set gets its share of
    # every topic even where one topic ran out early
    dealt.sort(key=lambda t: t[0])
    rows = [{"set": a.sets[i % len(a.sets)], "doc": doc, "topic": topic, "chars": n}
            for i, (topic, doc, n) in enumerate(dealt)]
    rows.sort(key=lambda r: (r["set"], r["doc"]))
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if a.out:
        a.out.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    counts = {s: sum(r["set"] == s for r in rows) for s in a.sets}
    print(f"{len(rows)} articles: {counts}; per topic "
          f"{ {t: sum(r['topic'] == t for r in rows) for t in by_topic} }", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
