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

from .lexicon import _hyphenated, load_lexicon, structural_variants
from .matcher import TokenTrie

# category -> (lexicon, section or None, case-sensitive?)
CATEGORIES: dict[str, tuple[str, str | None, bool]] = {
    "rank": ("ranks", None, False),
    "province": ("provinces", None, True),
    "city": ("cities", None, True),
    "country": ("countries", None, True),
    "country_amb": ("countries_ambiguous", None, True),
    "country_short": ("country_short", None, True),
    "foreign": ("foreign_places", None, True),
    "place_amb": ("places_ambiguous", None, True),
    "admin_division": ("admin_words", "division", False),
    "admin_place": ("admin_words", "place", False),
    "place_head": ("agency_place_heads", None, True),
    "standalone": ("agency_standalone", None, True),
    "named": ("agency_named", None, True),
    "unit_head": ("agency_unit_heads", None, True),
    "unit_name": ("agency_unit_names", None, True),
    "force_head": ("agency_forces", "head", True),
    "force_qual": ("agency_forces", "qualifier", True),
    "mission": ("agency_forces", "mission", True),
    "title": ("titles", None, False),
    "honorific": ("honorifics", None, False),
    "credit": ("credit_cues", None, False),
    "non_name": ("non_names", None, True),
}
PLACE_CATEGORIES = frozenset({"province", "city", "country", "foreign"})
_HYPHENATE = frozenset({"foreign"})

# Function words that never sit inside an agency name on their own.
_FUNCTION = frozenset("và về của với cho các những tại trong từ được bị có là này đó khi để do vì theo trên "
                      "dưới sau trước cùng đến tới ra vào lên xuống đã đang sẽ thì mà nên nhưng "
                      "hay hoặc cũng vẫn rất thuộc".split())

# Verbs and common words that occur inside a few long unit names (`... giáo dục bắt buộc`,
# `quản lý tạm giữ, tạm giam`) but would let a name run on into a sentence (`Đồn X bắt giữ`).
_NEVER_ORG = frozenset("bắt buộc giữ tạm cộng đồng hỗ trợ".split())

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
                h = _hyphenated(entry)
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
        case_sensitive=frozenset(c for c, (_, _, cs) in CATEGORIES.items() if cs),
    )

