"""The post lexicon (``posts.yaml``), loaded once and compiled to token tuples.

Entries are compared as lower-cased, normalised syllables (``norm_key``), the form the
tokenizer gives every token, so NFD input and old/new tone placement match alike."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from model.text import norm_key

LEXICON = Path(__file__).with_name("posts.yaml")


def _key(entry: str) -> tuple[str, ...]:
    return tuple(norm_key(entry).split())


@dataclass(frozen=True)
class PostLexicon:
    posts: frozenset[tuple[str, ...]]
    needs_agency: frozenset[tuple[str, ...]]
    deputy: frozenset[tuple[str, ...]]
    former: frozenset[tuple[str, ...]]
    acting: frozenset[tuple[str, ...]]
    tails: frozenset[tuple[str, ...]]
    unit_posts: frozenset[tuple[str, ...]]
    unit_names: frozenset[tuple[str, ...]]
    joiners: frozenset[tuple[str, ...]]
    separators: frozenset[str]
    honorifics: frozenset[tuple[str, ...]]
    admin_words: frozenset[tuple[str, ...]]
    elided_heads: dict[tuple[str, ...], str]
    elided_levels: dict[tuple[str, ...], str]
    max_len: int
    scores: dict[str, float]
    paren_max_tokens: int


def _set(raw: dict, name: str) -> frozenset[tuple[str, ...]]:
    values = raw.get(name) or []
    if not isinstance(values, list):
        raise ValueError(f"{LEXICON}: '{name}' must be a list of strings")
    return frozenset(_key(str(v)) for v in values if str(v).strip())


def _unit_names() -> frozenset[tuple[str, ...]]:
    """Names of police units (``Tham mưu``, ``Cảnh sát hình sự``) from the rule engine's
    lexicon, so both read one list."""
    from model.rules.lexicon import load_lexicon

    return frozenset(_key(e) for e in load_lexicon("agency_unit_names"))


@lru_cache(maxsize=4)
def load_posts(path: str | None = None) -> PostLexicon:
    """The compiled lexicon of ``path`` (default: the bundled ``posts.yaml``)."""
    p = Path(path) if path else LEXICON
    raw = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict) or not raw.get("posts"):
        raise ValueError(f"{p}: expected a mapping with a non-empty 'posts' list")
    posts = _set(raw, "posts")
    keys = ("elided_heads", "elided_levels")
    maps = {k: {_key(str(a)): str(b or "") for a, b in (raw.get(k) or {}).items()} for k in keys}
    every = [*posts, *maps["elided_heads"], *_unit_names()]
    return PostLexicon(
        posts=posts,
        needs_agency=_set(raw, "needs_agency"),
        deputy=_set(raw, "deputy"),
        former=_set(raw, "former"),
        acting=_set(raw, "acting"),
        tails=_set(raw, "tails"),
        unit_posts=_set(raw, "unit_posts"),
        unit_names=_unit_names(),
        joiners=_set(raw, "joiners"),
        separators=frozenset(str(s) for s in raw.get("separators") or []),
        honorifics=_set(raw, "honorifics"),
        admin_words=_set(raw, "admin_words"),
        elided_heads=maps["elided_heads"],
        elided_levels=maps["elided_levels"],
        max_len=max(len(k) for k in every),
        scores=_scores(raw, p),
        paren_max_tokens=int(raw.get("paren_max_tokens", 10)),
    )


SCORE_KEYS = ("post-after", "post-adjacent", "post-before", "elided-resolved", "elided-unresolved")


def _scores(raw: dict, path: Path) -> dict[str, float]:
    scores = raw.get("scores") or {}
    missing = [k for k in SCORE_KEYS if not isinstance(scores.get(k), (int, float)) or not 0 < scores[k] <= 1]
    if missing:
        raise ValueError(f"{path}: 'scores' needs a number in (0, 1] for each of {', '.join(missing)}")
    return {k: float(scores[k]) for k in SCORE_KEYS}
