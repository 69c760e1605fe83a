"""Strong + weak training: reviewed gold beside the silver corpus (``data.reviewed``).

NEEDLE (Jiang et al., ACL 2021) found that mixing a little hand-labelled data into a lot
of weakly labelled data can *hurt*, and that three steps fix it. Here they are:

(a) the weak labels completed by a model: the silver model of ``configs/corpus.yaml``
    (rules' spans + its self-training spans), which ``backbone.init_from`` starts from;
(b) a noise-aware loss: a silver word weighs ``silver_weight`` against 1.0 for a gold
    word (:mod:`.weighted_loss`), and the gold is repeated ``repeat`` times;
(c) a final fine-tuning on the gold with a small silver replay (:func:`finetune_rows`).

Gold always wins: a reviewed paragraph replaces the silver sentences of the same
paragraph, and gold is fully supervised (self-training and partial labels touch only
:data:`~.dataset.SILVER` sentences). The sets held out for evaluation are refused, and so
is any reviewed article that is also in the dev set: a model must never be chosen on what
it learnt from.
"""
from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from train.corpus.gold import GoldFormatError, GoldParagraph, load_gold

from .config import Config, ReviewedConfig
from .dataset import GOLD, SELF_TRAINING, SILVER, WordSentence, paragraphs_to_sentences
from .errors import TrainError

# The weak sources: the rules' silver, and the same completed by a model.
WEAK = frozenset({SILVER, SELF_TRAINING})
# Gold sets that measure the product and are never trained on (see data/gold/GUIDELINE.md).
HELD_OUT = frozenset({"news-i", "news-l", "news-t", "news-ah", "dev-police",
                      *(f"police-{c}" for c in "qrstuvwx")})


@dataclass
class ReviewedGold:
    """The reviewed paragraphs chosen for training and where they came from."""

    paragraphs: list[GoldParagraph] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # one line per set, for the run summary
    articles: int = 0  # reviewed articles trained on (after max_articles)
    articles_available: int = 0


def resolve_set(name: str, key: str) -> Path:
    """A gold JSONL path, or a bundled gold set by name (``news-a``, ``seeds``, ...)."""
    if name in HELD_OUT:
        raise TrainError(f"{key}: {name} is held out for evaluation and never trained on (so are "
                         f"{', '.join(sorted(HELD_OUT - {name}))}); train on the other news-* and police-* sets "
                         "(docs/data.md) or your own reviewed JSONL")
    path = Path(name)
    if path.suffix in (".jsonl", ".json") or path.exists():
        if not path.is_file():
            raise TrainError(f"{key}: gold file {path} does not exist (relative paths start from {Path.cwd()})")
        return path
    from train.evaluation.gold_sets import gold_sets

    sets = gold_sets()
    if name not in sets:
        known = ", ".join(sorted(k for k in sets if k not in HELD_OUT))
        hint = "" if any(k.startswith("news-") for k in sets) else \
            " (the news sets are rebuilt from ../shared/corpus/news, which is not beside this checkout)"
        raise TrainError(f"{key}: no gold set named {name!r}; known here: {known}{hint}")
    return sets[name]


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False


def article_order(docs: Sequence[str]) -> list[str]:
    """A fixed order of articles that does not depend on the seed, so the subsets of the
    learning curve are nested (the first 12 are among the first 25)."""
    return sorted(set(docs), key=lambda d: hashlib.sha1(d.encode("utf-8")).hexdigest())


def load_reviewed(rv: ReviewedConfig, dev_file: str | None, dev_docs: set[str]) -> ReviewedGold:
    """Every reviewed set, checked against the dev set (``dev_file``, whose articles are
    ``dev_docs``), cut to ``max_articles``."""
    out = ReviewedGold()
    seen: set[tuple[str, int]] = set()
    for i, name in enumerate(rv.sets):
        key = f"data.reviewed.sets[{i}]"
        path = resolve_set(name, key)
        if dev_file and _same_file(path, dev_file):
            raise TrainError(f"{key}: {name} is also data.dev_file; a model is never chosen on what it "
                             "learnt from: pick another dev set or leave this one out of training")
        try:
            paras = load_gold(path)
        except (OSError, GoldFormatError) as exc:
            raise TrainError(f"{key}: {exc}") from None
        both = sorted({p.doc for p in paras} & dev_docs)
        if both:
            raise TrainError(f"{key}: {len(both)} article(s) of {name} are also in data.dev_file "
                             f"({', '.join(both[:3])}); a model is never chosen on what it learnt from")
        dup = [p for p in paras if (p.doc, p.para) in seen]
        if dup:
            raise TrainError(f"{key}: doc {dup[0].doc!r} paragraph {dup[0].para} is already in an earlier "
                             "reviewed set; each reviewed paragraph is trained on once")
        seen.update((p.doc, p.para) for p in paras)
        out.paragraphs.extend(paras)
        out.sources.append(f"{name} ({len({p.doc for p in paras})} reviewed articles, {len(paras)} paragraphs, "
                           f"{sum(len(p.entities) for p in paras)} entities)")
    order = article_order([p.doc for p in out.paragraphs])
    out.articles_available = len(order)
    if rv.max_articles is not None and rv.max_articles < len(order):
        keep = set(order[: rv.max_articles])
        out.paragraphs = [p for p in out.paragraphs if p.doc in keep]
        out.sources.append(f"the first {rv.max_articles} of {len(order)} reviewed articles (data.reviewed.max_articles)")
    out.articles = len({p.doc for p in out.paragraphs})
    return out


def gold_sentences(cfg: Config, reviewed: ReviewedGold) -> list[WordSentence]:
    """The reviewed paragraphs as :data:`GOLD` sentences (boilerplate skipped as in silver)."""
    d = cfg.data
    sents, _ = paragraphs_to_sentences(reviewed.paragraphs, d.segmenter, d.skip_boilerplate, cfg.training.progress,
                                       "segmenting reviewed gold", source=GOLD)
    return sents


def replace_silver(train: list[WordSentence], gold: list[WordSentence]) -> tuple[list[WordSentence], int]:
    """``train`` without the silver sentences of the paragraphs that gold holds, plus the gold;
    and how many silver sentences gave way."""
    owned = {(s.doc, s.para) for s in gold}
    kept = [s for s in train if not (s.source == SILVER and (s.doc, s.para) in owned)]
    return kept + gold, len(train) - len(kept)


def sample_silver(units: list[WordSentence], limit: int | None, seed: int) -> list[WordSentence]:
    """At most ``limit`` silver units, drawn with ``seed``; every other unit kept."""
    silver = [s for s in units if s.source in WEAK]
    if limit is None or len(silver) <= limit:
        return units
    rng = random.Random(seed)
    keep = set(map(id, rng.sample(silver, limit)))
    return [s for s in units if s.source not in WEAK or id(s) in keep]


def split_silver(units: Sequence[WordSentence]) -> tuple[list[WordSentence], list[WordSentence]]:
    """(the rules' silver units, every other unit): only the first may be completed by a
    model (self-training, step a) or masked by partial labels; the others are as people or
    files gave them."""
    return [u for u in units if u.source == SILVER], [u for u in units if u.source != SILVER]


def complete_silver(cfg: Config, model, piecer, data) -> tuple[list[WordSentence], list[WordSentence], dict]:
    """NEEDLE's step (a) on the run's silver units: the rules' spans plus the confident spans
    of the model the run starts from (``backbone.init_from``) where the rules abstain, as
    self-training does (``training.self_training.threshold``); gold is left as it is.
    Returns the new training units, the same plus augmentation, and the relabelling counts."""
    from .selftrain import relabel

    d, t = cfg.data, cfg.training
    silver, kept = split_silver(data.train)
    done, stats = relabel(model, piecer, silver, d.max_length, d.stride, t.self_training.threshold,
                          t.eval_batch_size, t.progress)
    train = done + kept
    return train, train + data.augmented, stats.as_dict()


def source_weights(rv: ReviewedConfig) -> dict[str, float] | None:
    """Loss weight per sentence source; None when every word weighs the same."""
    if not rv.sets or rv.silver_weight == 1.0:
        return None
    return {SILVER: rv.silver_weight, SELF_TRAINING: rv.silver_weight}


def repeat_gold(units: list[WordSentence], times: int) -> list[WordSentence]:
    """Each gold unit ``times`` times (step b: the few strong labels seen as often as needed)."""
    if times <= 1:
        return units
    gold = [s for s in units if s.source == GOLD]
    return units + gold * (times - 1)


def finetune_units(units: list[WordSentence], replay: float, seed: int) -> list[WordSentence]:
    """Step (c): the gold units and ``replay`` × as many silver units, drawn with ``seed``."""
    gold = [s for s in units if s.source == GOLD]
    silver = [s for s in units if s.source in WEAK]
    n = min(len(silver), round(replay * len(gold)))
    return gold + random.Random(seed + 1).sample(silver, n)


__all__ = ["HELD_OUT", "ReviewedGold", "load_reviewed", "gold_sentences", "replace_silver", "sample_silver",
           "source_weights", "split_silver", "complete_silver", "repeat_gold", "finetune_units", "article_order", "resolve_set"]
