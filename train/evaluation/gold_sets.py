"""Where the gold files are: the repository's own and, when the checkout sits next to a
``shared/`` folder, the hand-labelled real police news in ``../shared/gold/``.

Those shared articles are never copied into the repository (they measure rules written
without them); the evaluation commands and benchmarks read them in place.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "data" / "gold" / "seeds.gold.jsonl"
INVENTED = ROOT / "data" / "gold" / "invented.gold.jsonl"


def shared_gold_dir() -> Path:
    """``$ANNINH_SHARED_GOLD`` or ``../shared/gold`` next to the repository."""
    env = os.environ.get("ANNINH_SHARED_GOLD")
    return Path(env) if env else ROOT.parent / "shared" / "gold"


def dev_police() -> Path | None:
    """``dev-police.gold.jsonl`` in the shared gold folder, when it exists."""
    p = shared_gold_dir() / "dev-police.gold.jsonl"
    return p if p.is_file() else None


def default_gold() -> Path:
    """The gold file ``anninh evaluate`` scores when none is given: real police news when
    available, else the seeds."""
    return dev_police() or SEEDS


def _rebuilt(corpus: Path | None, build: Callable[[Path, Path], dict[str, Path]], what: str) -> dict[str, Path]:
    """The sets ``build(corpus, cache/gold)`` writes, or none when the corpus is not beside the
    checkout or no longer holds the labelled text (then with a warning naming ``what``)."""
    import warnings

    from train.corpus.prepare import cache_root

    from .news_gold import NewsGoldError

    if corpus is None:
        return {}
    try:
        return build(corpus, cache_root() / "gold")
    except (NewsGoldError, OSError) as exc:
        warnings.warn(f"{what} not built: {exc}", stacklevel=3)
        return {}


def news_sets() -> dict[str, Path]:
    """The held-out real-news gold sets (``news-a`` to ``news-i``: :mod:`train.evaluation.news_gold`),
    rebuilt into the cache from ``../shared/corpus/news`` when it is there; none otherwise."""
    from .news_gold import build_news_gold, news_corpus

    return _rebuilt(news_corpus(shared_gold_dir()), build_news_gold, "held-out news gold")


def police_sets() -> dict[str, Path]:
    """The gold sets of ``corpus/police`` itself (``police-a`` .. :mod:`train.evaluation.police_gold`),
    rebuilt into the cache from ``../shared/corpus/police`` when it is there; none otherwise."""
    from .police_gold import build_police_gold, police_corpus

    return _rebuilt(police_corpus(shared_gold_dir()), build_police_gold, "police gold")


def gold_sets() -> dict[str, Path]:
    """Every gold file available here, by name (benchmarks score all of them)."""
    out = {"seeds": SEEDS, "invented": INVENTED}
    dp = dev_police()
    if dp is not None:
        out["dev-police"] = dp
    out.update(news_sets())
    out.update(police_sets())
    return {k: v for k, v in out.items() if v.is_file()}
