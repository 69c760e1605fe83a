"""Everything the labeling functions look up, built once per process from the lexicons.

One trie holds every multi-token lexicon (ranks, places, agency heads, titles ...), each
entry tagged with its category, so a paragraph is scanned once and every labeling
function reads the same matches. Single-syllable lists (surnames, middle names, words
allowed inside unit names) are plain sets of folded keys.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from model.text.normalize import norm_key

from .lexicon import hyphenated, categories, load_lexicon, structural_variants, word_set
from .matcher import TokenTrie

CATEGORIES = categories()  # category -> (lexicon, section or None, case mode), declared in the files
PLACE_CATEGORIES = frozenset({"province", "city", "country", "foreign"})
_HYPHENATE = frozenset({"foreign"})

# Function words that never sit inside an agency name on their own, and verbs of a few long
# unit names that would let a name run on into a sentence (`Đồn X bắt giữ`).
_FUNCTION = word_set("function_words", "function")
_NEVER_ORG = word_set("function_words", "never_org")

# Police and army unit codes: PC02, PA05, PK02, PV01, C45, A05, K02, B14 ...
CODE_RE = re.compile(r"^(?:P[A-Z]|[A-Z])\d{2,3}[A-Z]?$")
# The same codes standing alone (`Trưởng phòng PC04`, `(C05)`): a restricted prefix set and
# exactly two digits, because `A50`, `C63`, `U23`, `B12` name phones, cars, teams, vitamins.
UNIT_CODE_RE = re.compile(r"^(?:P[ACKXHEV]|[ACKXH])\d{2}$")
ROMAN_RE = re.compile(r"^(?:I{1,3}|IV|VI{0,3}|IX|XI{0,3}|X{1,3})$")
# Glued administrative abbreviations before a name: TP.Huế, TP.HCM, Q.Bình Thạnh, H.Kỳ Sơn
GLUED_ADMIN_RE = re.compile(r"^(?:TP|Tp|TX|Tx|TT|Q|H|P|X)\.(?=[^\W\d_])")


@dataclass(frozen=True)
class Resources:
    trie: TokenTrie
    surnames: frozenset[str]
    weak_surnames: frozenset[str]
    middle_names: frozenset[str]
    org_words: frozenset[str]
    plural_det: frozenset[str]
    plural_noun: frozenset[str]
    country_short: frozenset[str]
    case_sensitive: frozenset[str]
    first_cased: frozenset[str]  # of those, the categories that check only the first syllable


def _keys(entries: list[str]) -> frozenset[str]:
    return frozenset(norm_key(e) for e in entries)


@lru_cache(maxsize=1)
def get_resources() -> Resources:
    """Build (once) the trie and sets from the packaged lexicons."""
    trie = TokenTrie()
    for cat, (lex, section, _) in CATEGORIES.items():
        for entry in load_lexicon(lex, section):
            for v in structural_variants(entry):
                trie.add(v, cat)
            if cat in _HYPHENATE:
                h = hyphenated(entry)
                if h:
                    trie.add(h, cat)
    org = set(_keys(load_lexicon("org_words")))
    for lex in ("agency_unit_names", "agency_named", "agency_place_heads", "agency_unit_heads"):
        for entry in load_lexicon(lex):
            for w in entry.split():
                if w.islower() and w.isalpha():
                    org.add(norm_key(w))
    org -= _FUNCTION | _NEVER_ORG
    weak = _keys(load_lexicon("surnames_weak"))
    return Resources(
        trie=trie,
        surnames=_keys(load_lexicon("surnames")) - weak,
        weak_surnames=weak,
        middle_names=_keys(load_lexicon("middle_names")),
        org_words=frozenset(org),
        plural_det=_keys(load_lexicon("agency_plural", "determiner")),
        plural_noun=_keys(load_lexicon("agency_plural", "noun")),
        country_short=_keys(load_lexicon("country_short")),
        case_sensitive=frozenset(c for c, (_, _, mode) in CATEGORIES.items() if mode != "any-case"),
        first_cased=frozenset(c for c, (_, _, mode) in CATEGORIES.items() if mode == "first-cased"),
    )

