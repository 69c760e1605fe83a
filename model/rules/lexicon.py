"""Lexicons shipped inside the package as plain text: one entry a line, ``#`` comments.

Why plain text: linguists and reviewers can extend a list without touching code, diffs
stay readable, and the training side (augmentation) reads the same lists. A file may be
split into sections with ``[name]`` lines (``admin_words.txt`` separates administrative
divisions from other place words); :func:`load_lexicon` can return one section.

Spelling variants are not listed by hand: :func:`variants` generates letter-case forms
(as written, lower, UPPER, Title), both tone placements (``Đại úy``/``Đại uý``) and, for
multi-syllable foreign names, the hyphenated spelling (``Bô-ly-khăm-xay``). The matcher
inserts every variant, so a text in any of these forms, NFC or NFD, finds the entry.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from model.text.tone import canonical_tone, new_style_tone  # noqa: F401 (new_style_tone is re-exported)


def _discover() -> tuple[str, ...]:
    """Every ``lexicons/*.txt`` stem: adding a lexicon is adding a file."""
    folder = resources.files("model.rules").joinpath("lexicons")
    return tuple(sorted(p.name[:-4] for p in folder.iterdir() if p.name.endswith(".txt")))


_FILES = _discover()
# Names that combine several files (what the training side asks for).
_UNIONS = {
    "places": ("provinces", "cities", "foreign_places"),
    "vn_places": ("provinces", "cities"),
    "locations": ("provinces", "cities", "foreign_places", "countries"),
    "agency_heads": ("agency_place_heads", "agency_unit_heads", "agency_named"),
    "person_triggers": ("ranks", "titles", "honorifics"),
}


class LexiconError(ValueError):
    """An unknown lexicon name or a malformed lexicon file; the message names it."""


def lexicon_names() -> list[str]:
    """Every name :func:`load_lexicon` accepts (files and unions)."""
    return sorted(set(_FILES) | set(_UNIONS))


def _read_text(stem: str) -> str:
    try:
        return resources.files("model.rules").joinpath("lexicons", f"{stem}.txt").read_text(encoding="utf-8")
    except FileNotFoundError:  # pragma: no cover - packaging error
        raise LexiconError(f"lexicon file lexicons/{stem}.txt is missing from the model.rules package; "
                           "reinstall the package (pip install -e .)") from None


@lru_cache(maxsize=None)
def read_sections(stem: str) -> tuple[tuple[str, str], ...]:
    """``(section, entry)`` pairs of one lexicon file, in file order, duplicates removed."""
    if stem not in _FILES:
        raise LexiconError(f"unknown lexicon file {stem!r}; known: {', '.join(_FILES)}")
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    section = ""
    for lineno, raw in enumerate(_read_text(stem).splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if not line:
            continue
        m = re.fullmatch(r"\[([a-z_]+)\]", line)
        if m:
            section = m.group(1)
            continue
        if line.startswith("["):
            raise LexiconError(f"lexicons/{stem}.txt:{lineno}: malformed section header {line!r} (use [name])")
        entry = unicodedata.normalize("NFC", " ".join(line.split()))
        if (section, entry) not in seen:
            seen.add((section, entry))
            out.append((section, entry))
    return tuple(out)


CASE_MODES = ("cased", "first-cased", "any-case")
_DIRECTIVE = re.compile(r"#!\s*category\s+([a-z_]+)(?:\s+\[([a-z_]+)\])?\s+(" + "|".join(CASE_MODES) + r")\s*$")


@lru_cache(maxsize=None)
def categories() -> dict[str, tuple[str, str | None, str]]:
    """Trie categories declared by the lexicon files themselves.

    A line ``#! category NAME [section] cased|first-cased|any-case`` in ``lexicons/X.txt``
    puts the entries of X (or of that section) into the shared token trie under category
    NAME, so every labeling function can ask ``pv.at(i, "NAME")``. ``cased``: capitalised
    syllables of an entry must be capitalised in the text; ``first-cased``: only its first
    syllable (writers capitalise the inner words of an official name as they please:
    ``Ban Chấp hành Trung ương``, ``Ban chấp hành Trung ương``, ``Bộ ngoại giao``). Returns
    ``category -> (file, section or None, case mode)``.
    """
    out: dict[str, tuple[str, str | None, str]] = {}
    for stem in _FILES:
        for lineno, raw in enumerate(_read_text(stem).splitlines(), 1):
            if not raw.startswith("#!"):
                continue
            m = _DIRECTIVE.match(raw.strip())
            if not m:
                raise LexiconError(f"lexicons/{stem}.txt:{lineno}: malformed directive {raw!r} "
                                   f"(use '#! category NAME [section] {'|'.join(CASE_MODES)}')")
            cat, section, case = m.groups()
            if cat in out:
                raise LexiconError(f"lexicons/{stem}.txt:{lineno}: category {cat!r} is already declared by "
                                   f"lexicons/{out[cat][0]}.txt")
            out[cat] = (stem, section, case)
    return out


@lru_cache(maxsize=None)
def word_set(name: str, section: str | None = None) -> frozenset[str]:
    """The entries of a lexicon (or one section) as folded keys (``norm_key``), for
    membership tests against ``ParaView.low`` (multi-word entries joined by one space)."""
    from model.text.normalize import norm_key
    return frozenset(norm_key(e) for e in load_lexicon(name, section))


def load_lexicon(name: str, section: str | None = None) -> list[str]:
    """Entries of lexicon ``name`` as written (display form), comments stripped.

    Files: ``ranks``, ``provinces`` (63 pre-2025 and 34 post-merger units with variants),
    ``cities`` (cities, districts, border gates, islands, regions), ``countries``,
    ``countries_ambiguous`` (Nga, Mỹ, Pháp...: need context), ``places_ambiguous`` (places named
    after people, only after an admin word: ``TP. Hồ Chí Minh``), ``country_short`` (Việt, Lào
    in ``Việt - Lào``), ``foreign_places`` (Lao and Cambodian provinces, foreign cities),
    ``admin_words`` (sections ``division``, ``place``), ``agency_place_heads``,
    ``agency_standalone``, ``agency_named``, ``agency_unit_heads``, ``agency_unit_names``,
    ``agency_plural`` (sections ``determiner``, ``noun``), ``agency_forces`` (sections ``head``,
    ``qualifier``: armed forces named by a country), ``org_words``, ``surnames``,
    ``surnames_weak``, ``middle_names``, ``titles``, ``honorifics``, ``credit_cues``,
    ``non_names``. Unions: ``places`` (provinces + cities + foreign_places), ``vn_places``,
    ``locations`` (places + countries), ``agency_heads``, ``person_triggers``.
    """
    if name in _UNIONS:
        if section is not None:
            raise LexiconError(f"lexicon {name!r} is a union of files and has no sections")
        out: list[str] = []
        seen: set[str] = set()
        for stem in _UNIONS[name]:
            for e in load_lexicon(stem):
                if e not in seen:
                    seen.add(e)
                    out.append(e)
        return out
    if name not in _FILES:
        raise LexiconError(f"unknown lexicon {name!r}; known: {', '.join(lexicon_names())}")
    pairs = read_sections(name)
    if section is not None:
        sections = {s for s, _ in pairs}
        if section not in sections:
            raise LexiconError(f"lexicon {name!r} has no section {section!r}; sections: {', '.join(sorted(sections))}")
        return [e for s, e in pairs if s == section]
    out, seen = [], set()
    for _, e in pairs:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


# --- variants -----------------------------------------------------------------------


def _title(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


def hyphenated(entry: str) -> str | None:
    """``Bô Ly Khăm Xay`` -> ``Bô-ly-khăm-xay`` (how Lao/Cambodian names are often written)."""
    words = entry.split(" ")
    if len(words) < 2 or any(not w.isalpha() for w in words):
        return None
    return "-".join([words[0]] + [w.lower() for w in words[1:]])


def structural_variants(entry: str) -> list[str]:
    """Spellings that tokenise differently: dash spacing removed (``Thừa Thiên Huế``) and,
    for foreign multi-syllable names, the hyphenated form."""
    out = [entry]
    if " - " in entry or "-" in entry:
        out.append(" ".join(entry.replace("-", " ").split()))
    return out


def variants(entry: str, hyphenate: bool = False) -> list[str]:
    """Display variants of ``entry``: as written, lower, UPPER, Title case, both tone
    placements, dash-less and (``hyphenate=True``) hyphenated spellings."""
    bases = structural_variants(entry)
    if hyphenate:
        h = hyphenated(entry)
        if h:
            bases.append(h)
    out: list[str] = []
    seen: set[str] = set()
    for b in bases:
        for c in (b, b.lower(), b.upper(), _title(b)):
            for t in (canonical_tone(unicodedata.normalize("NFC", c)), new_style_tone(c)):
                if t not in seen:
                    seen.add(t)
                    out.append(t)
    return out
