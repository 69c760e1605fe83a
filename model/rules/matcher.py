"""A token trie: every lexicon entry found in one left-to-right pass over the syllables.

Why a trie over syllables rather than regexes: thousands of entries would need thousands
of regex passes per paragraph; the trie costs one dict lookup per token that starts no
entry, whatever the lexicon size. Keys are the tokens' normalised, case-folded forms
(``Token.norm`` folded), so NFD input, ``uý``/``úy`` and letter case never matter for
finding; each entry keeps its capitalisation mask so a rule can still demand
``Hòa Bình`` (the province) and refuse ``hòa bình`` (peace).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from model.text.normalize import fold_case
from model.text.tokens import tokenize

_END = ""  # payload slot in a node; no token is the empty string


@dataclass(frozen=True)
class Entry:
    """One lexicon entry as the matcher knows it.

    ``mask[k]`` is True where the entry's k-th token is capitalised; ``category`` says
    which lexicon (and section) it came from.
    """

    category: str
    text: str
    mask: tuple[bool, ...]

    @property
    def length(self) -> int:
        return len(self.mask)


def entry_tokens(text: str) -> list[tuple[str, bool]]:
    """``(key, capitalised)`` per token of an entry, tokenised like running text."""
    return [(fold_case(t.norm), t.norm[:1].isupper()) for t in tokenize(text)]


class TokenTrie:
    """Multi-pattern matcher over token keys."""

    def __init__(self) -> None:
        self.root: dict = {}
        self.size = 0

    def add(self, text: str, category: str) -> Entry | None:
        toks = entry_tokens(text)
        if not toks:
            return None
        entry = Entry(category, text, tuple(c for _, c in toks))
        node = self.root
        for key, _ in toks:
            node = node.setdefault(key, {})
        bucket = node.setdefault(_END, [])
        if all(e.category != category or e.mask != entry.mask for e in bucket):
            bucket.append(entry)
            self.size += 1
        return entry

    def add_all(self, texts: Iterable[str], category: str) -> None:
        for t in texts:
            self.add(t, category)

    def find_all(self, keys: Sequence[str]) -> dict[int, list[tuple[int, Entry]]]:
        """Every entry occurrence: ``start -> [(end, entry), ...]`` longest first."""
        out: dict[int, list[tuple[int, Entry]]] = {}
        root = self.root
        n = len(keys)
        for i in range(n):
            node = root.get(keys[i])
            if node is None:
                continue
            j = i + 1
            found: list[tuple[int, Entry]] = []
            while True:
                bucket = node.get(_END)
                if bucket:
                    found.extend((j, e) for e in bucket)
                if j >= n:
                    break
                node = node.get(keys[j])
                if node is None:
                    break
                j += 1
            if found:
                found.reverse()
                out[i] = found
        return out
