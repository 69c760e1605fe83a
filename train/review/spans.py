"""Checking reviewed spans against their text before they become gold.

Annotation tools hand back offsets that can be wrong in ways that look right: Label
Studio's browser side has counted UTF-16 code units after an emoji (so every later span
is off by one), a reviewer's selection can catch a trailing space or half a word. Each
check here either fixes nothing and reports the task (wrong offsets, unknown labels,
overlaps: the caller decides) or makes a visible, lossless fix (edge whitespace trimmed,
with a warning). Nothing is ever shifted to make it fit.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from model.labels import LABELS, Span

MAX_SHOWN = 20  # problems listed in one error message; the count says how many more


@dataclass
class Region:
    """A span as a tool exported it: ``text`` is the tool's own copy of the covered text
    (Label Studio has it, doccano does not), used to check the offsets."""

    start: object
    end: object
    label: object
    text: str | None = None
    ref: str = ""  # where it came from inside the task ("annotation 3, region ab12")


@dataclass
class Problems:
    """Errors and warnings collected over a whole export, so one run reports all of them."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ReviewImportError(ValueError):
    """An export cannot become gold; the message lists every bad task (up to MAX_SHOWN)."""

    def __init__(self, source: str, errors: list[str]) -> None:
        self.source = source
        self.errors = list(errors)
        shown = "\n  ".join(errors[:MAX_SHOWN])
        more = f"\n  ... and {len(errors) - MAX_SHOWN} more" if len(errors) > MAX_SHOWN else ""
        super().__init__(f"{source}: {len(errors)} problem(s), nothing written:\n  {shown}{more}")


def utf16_to_codepoints(text: str, offset: int) -> int | None:
    """The code-point index of UTF-16 offset ``offset`` in ``text`` (None if the offset
    falls inside a surrogate pair or past the end)."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


def _cuts_character(text: str, i: int) -> bool:
    """True when offset ``i`` separates a letter from its combining mark (NFD text)."""
    return 0 < i < len(text) and unicodedata.combining(text[i]) != 0


def _cuts_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def _show(text: str, s: int, e: int) -> str:
    return repr(text[s:e])


def _utf16_hint(text: str, r: Region, utf16: bool) -> str:
    """A pointer to ``--utf16-offsets`` when reading the offsets as UTF-16 units would make
    them select exactly the text the tool recorded (the emoji miscount), else ''."""
    if utf16 or r.text is None or not isinstance(r.start, int) or not isinstance(r.end, int):
        return ""
    s16, e16 = utf16_to_codepoints(text, r.start), utf16_to_codepoints(text, r.end)
    if s16 is None or e16 is None or text[s16:e16] != r.text:
        return ""
    return (f"; read as UTF-16 code units they select it exactly ([{s16}, {e16}]): "
            "re-run with --utf16-offsets if the tool counted UTF-16")


def check_spans(task: str, text: str, regions: list[Region], problems: Problems, *, utf16: bool = False) -> list[Span]:
    """Validated gold spans of one task; problems are appended, never raised here.

    ``task`` names the task in every message (``task 17 (doc X, para 3)``).

    ``utf16``: some browser tools count UTF-16 code units, so after an emoji every offset
    is one too far. Without the flag, a mismatch that the UTF-16 reading would explain is
    an error with that hint. With it, a span whose recorded text matches only in the
    UTF-16 reading is read that way, with a warning. Spans that match as code points
    stay as they are, because API-made and browser-made annotations can share one
    export. Regions without recorded text (doccano) are all converted.
    """
    spans: list[Span] = []
    for r in regions:
        where = f"{task}: {r.ref + ' ' if r.ref else ''}span [{r.start}, {r.end}] {r.label!r}"
        if not (isinstance(r.start, int) and isinstance(r.end, int)) or isinstance(r.start, bool) or isinstance(r.end, bool):
            problems.errors.append(f"{where}: start and end must be integers")
            continue
        s, e = r.start, r.end
        if not isinstance(r.label, str) or r.label not in LABELS:
            problems.errors.append(f"{where}: label {r.label!r} is not one of {', '.join(LABELS)}")
            continue
        if utf16 and r.text is None:  # nothing to verify against (doccano): convert every span
            s2, e2 = utf16_to_codepoints(text, s), utf16_to_codepoints(text, e)
            if s2 is None or e2 is None:
                problems.errors.append(f"{where}: not a valid UTF-16 offset into the text")
                continue
            s, e = s2, e2
        elif utf16 and text[s:e] != r.text and _utf16_hint(text, r, False):
            # the recorded text proves the UTF-16 reading; code-point spans in the same
            # export (made through the API) still match as they are and are kept as they are
            s, e = utf16_to_codepoints(text, s), utf16_to_codepoints(text, e)
            problems.warnings.append(f"{where}: read as UTF-16 code units: [{s}, {e}] {_show(text, s, e)}")
        if not 0 <= s < e <= len(text):
            problems.errors.append(f"{where}: outside the text (length {len(text)}){_utf16_hint(text, r, utf16)}")
            continue
        if r.text is not None and text[s:e] != r.text:
            problems.errors.append(
                f"{where}: the offsets select {_show(text, s, e)} but the tool recorded {r.text!r}"
                + _utf16_hint(text, r, utf16)
            )
            continue
        if _cuts_character(text, s) or _cuts_character(text, e):
            problems.errors.append(f"{where}: {_show(text, s, e)} cuts a letter from its accent (combining mark)")
            continue
        frag = text[s:e]
        if frag != frag.strip():
            if not frag.strip():
                problems.errors.append(f"{where}: covers only whitespace")
                continue
            s2 = s + len(frag) - len(frag.lstrip())
            e2 = e - (len(frag) - len(frag.rstrip()))
            problems.warnings.append(f"{where}: {_show(text, s, e)} trimmed to [{s2}, {e2}] {_show(text, s2, e2)}")
            s, e = s2, e2
        if _cuts_word(text, s) or _cuts_word(text, e):
            problems.warnings.append(f"{where}: {_show(text, s, e)} starts or ends inside a word")
        spans.append((s, e, r.label))
    uniq = sorted(set(spans))
    if len(uniq) < len(spans):
        problems.warnings.append(f"{task}: {len(spans) - len(uniq)} duplicate span(s) dropped")
    for a, b in zip(uniq, uniq[1:]):
        if b[0] < a[1]:
            problems.errors.append(
                f"{task}: spans [{a[0]}, {a[1]}] {a[2]} {_show(text, a[0], a[1])} and "
                f"[{b[0]}, {b[1]}] {b[2]} {_show(text, b[0], b[1])} overlap"
            )
    return uniq


def accept_paragraph(ref: str, doc: str, para: int, text: str, spans: list[Span], *, seen: dict, out: list,
                     stats: dict, problems: Problems) -> None:
    """Add one checked paragraph to ``out``: a second task for the same paragraph is an
    error naming both, and the gold loader's own rules are the last guard."""
    from train.corpus.gold import GoldFormatError, validate_record

    if (doc, para) in seen:
        problems.errors.append(f"{ref}: paragraph doc {doc!r}, para {para} was already given by {seen[(doc, para)]}")
        return
    seen[(doc, para)] = ref
    try:
        gp = validate_record({"doc": doc, "para": para, "text": text, "entities": [list(x) for x in spans]}, ref)
    except GoldFormatError as exc:
        problems.errors.append(str(exc))
        return
    out.append(gp)
    stats["annotated"] += 1
    stats["entities"] += len(gp.entities)


def finish_import(source: str, out: list, problems: Problems, stats: dict):
    """Every bad task in one error, or the paragraphs in gold order."""
    if problems.errors:
        raise ReviewImportError(source, problems.errors)
    out.sort(key=lambda gp: (gp.doc, gp.para))
    return out, problems, stats
