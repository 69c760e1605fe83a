"""Label scheme and the conversions between character spans and IOB2 tags.

Spans are the source of truth (gold files, rules, model output are all spans); tags are
only a view for a given tokenisation. ``tags_to_spans`` reads ill-formed sequences the
way seqeval's default (conlleval) reader does, so what we write back is what seqeval
would have scored.
"""
from __future__ import annotations

from typing import Iterable, Sequence

LABELS: tuple[str, ...] = ("AGENCY", "RANK", "PERSON", "LOCATION")
OUTSIDE = "O"
TAGS: tuple[str, ...] = (OUTSIDE,) + tuple(f"{p}-{lab}" for lab in LABELS for p in ("B", "I"))
LABEL2ID: dict[str, int] = {t: i for i, t in enumerate(TAGS)}
ID2LABEL: dict[int, str] = {i: t for t, i in LABEL2ID.items()}

Span = tuple[int, int, str]


def spans_to_tags(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[str]:
    """IOB2 tags for ``tokens`` (character ``(start, end)`` pairs) from character spans.

    A token belongs to the span that contains its first character, so the function works
    for any tokenisation (syllables, PhoBERT words, subwords). The first token of a span
    gets ``B-``; a span that covers no token start is lost, which callers can detect with
    :func:`spans_lost`.
    """
    tags = [OUTSIDE] * len(tokens)
    ordered = sorted(spans, key=lambda s: (s[0], -s[1]))
    j = 0
    for i, (ts, _te) in enumerate(tokens):
        while j < len(ordered) and ordered[j][1] <= ts:
            j += 1
        if j < len(ordered) and ordered[j][0] <= ts < ordered[j][1]:
            s, _e, lab = ordered[j]
            prev_in_same = i > 0 and tags[i - 1] != OUTSIDE and tokens[i - 1][0] >= s
            tags[i] = f"{'I' if prev_in_same else 'B'}-{lab}"
    return tags


def spans_lost(tokens: Sequence[tuple[int, int]], spans: Iterable[Span]) -> list[Span]:
    """Spans whose start does not coincide with a token start (they cannot be tagged exactly)."""
    starts = {s for s, _ in tokens}
    ends = {e for _, e in tokens}
    return [sp for sp in spans if sp[0] not in starts or sp[1] not in ends]


def _split(tag: str) -> tuple[str, str]:
    if tag == OUTSIDE or not tag:
        return OUTSIDE, ""
    if len(tag) > 2 and tag[1] == "-" and tag[0] in "BIES":
        return tag[0], tag[2:]
    raise ValueError(f"ill-formed tag {tag!r}: expected 'O' or 'B-/I-' followed by a label")


def tags_to_spans(tags: Sequence[str]) -> list[tuple[int, int, str]]:
    """Token-index spans ``(i, j, label)`` (j exclusive) from IOB2 tags.

    Repairs like seqeval's default reader: an ``I-X`` after ``O`` or after another type
    starts a new ``X`` entity instead of being dropped.
    """
    spans: list[tuple[int, int, str]] = []
    start, cur = -1, ""
    for i, tag in enumerate(tags):
        prefix, lab = _split(tag)
        continues = prefix == "I" and lab == cur and start >= 0
        if not continues:
            if start >= 0:
                spans.append((start, i, cur))
            start, cur = (i, lab) if prefix != OUTSIDE else (-1, "")
    if start >= 0:
        spans.append((start, len(tags), cur))
    return spans


def repair_tags(tags: Sequence[str]) -> list[str]:
    """Rewrite a tag sequence into well-formed IOB2 with the same reading."""
    out = [OUTSIDE] * len(tags)
    for i, j, lab in tags_to_spans(tags):
        out[i] = f"B-{lab}"
        for k in range(i + 1, j):
            out[k] = f"I-{lab}"
    return out


def token_spans_to_char_spans(
    tokens: Sequence[tuple[int, int]], spans: Iterable[tuple[int, int, str]]
) -> list[Span]:
    """Map token-index spans back to character spans using the tokens' offsets."""
    return [(tokens[i][0], tokens[j - 1][1], lab) for i, j, lab in spans]
