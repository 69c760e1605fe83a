"""Link each PERSON to the rank before it and the posts and agencies the clause gives it.

Vietnamese news names officials in a few fixed shapes, and the linker reads exactly those:

* rank before the person, posts after it: ``Trung tướng Lê Hồng Nam, Giám đốc Công an
  TP.HCM``; ``Đại tá Đinh Văn Nơi Giám đốc Công an tỉnh An Giang`` (no comma);
* posts before the person: ``Phó Chủ tịch UBND TPHCM Trần Văn Bảy``; ``Giám đốc Công an
  tỉnh X, Đại tá Y``; ``Chủ tịch UBND tỉnh X – ông Y``;
* several posts joined by ``,`` or ``kiêm`` (``Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc
  Công an tỉnh``); posts without an agency before one that has it share it (``Giám đốc,
  Trưởng đoàn đại biểu Công an tỉnh X``);
* lists (``các đồng chí: A - Giám đốc, ...; B - Phó Giám đốc, ...``), which are the first
  shape item by item;
* the elided agency (``Giám đốc Công an tỉnh``), resolved to the article's full mention
  of that body (nearest earlier, else first later);
* foreign officials, whose post is of a place (``Cảnh sát trưởng Manila``).

A chain of posts right after a person is that person's; only a chain that no person
before it claimed can belong to the person after it. Everything works on syllable tokens
of the normalised text, with offsets into the caller's string.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from typing import Sequence

from model.entity import Entity
from model.text import fold_case, normalize, split_sentences, tokenize
from model.text.tokens import Token

from .lexicon import PostLexicon, load_posts
from .records import Official, Part, PostLink


@dataclass
class _Chain:
    """Posts joined by ``,``/``kiêm`` (one person's posts), as token positions."""

    start: int  # first token of the chain
    end: int  # token after the chain
    posts: list[PostLink] = field(default_factory=list)
    claimed: bool = False


def agency_key(text: str) -> str:
    """Letters and digits of the normalised, lower-cased text: the form agencies are
    compared in (``Công an TP.HCM`` = ``Công an TPHCM``)."""
    return "".join(ch for ch in fold_case(normalize(text).text) if ch.isalnum())


_FIRST: dict[int, tuple[frozenset, dict[str, tuple[int, ...]]]] = {}


def _by_first(keys: frozenset) -> dict[str, tuple[int, ...]]:
    """``{first syllable: entry lengths, longest first}`` of a key set (cached): most
    tokens start no entry, and are rejected by one dict look-up."""
    hit = _FIRST.get(id(keys))
    if hit is None or hit[0] is not keys:
        index: dict[str, set[int]] = {}
        for k in keys:
            if k:
                index.setdefault(k[0], set()).add(len(k))
        hit = (keys, {f: tuple(sorted(ls, reverse=True)) for f, ls in index.items()})
        _FIRST[id(keys)] = hit
    return hit[1]


class _Doc:
    """Tokens of one text with the entity each token is in."""

    def __init__(self, text: str, entities: Sequence[Entity]):
        self.text = text
        self.toks: list[Token] = tokenize(text)
        self.low = [t.lower for t in self.toks]
        self.n = len(self.toks)
        starts = [t.start for t in self.toks]
        self.ent_at = [-1] * self.n
        self.ents = [e for e in sorted(entities, key=lambda e: (e.start, e.end)) if e.end > e.start]
        self.range: list[tuple[int, int]] = []
        for k, e in enumerate(self.ents):
            i = bisect.bisect_left(starts, e.start)
            j = i
            while j < self.n and self.toks[j].end <= e.end:
                self.ent_at[j] = k
                j += 1
            self.range.append((i, j))
        self.sent_of = [0] * self.n
        self.sents = [piece for a, b in (split_sentences(self.toks) if self.toks else [])
                      for piece in self._lines(a, b)]
        for s, (a, b) in enumerate(self.sents):
            for i in range(a, b):
                self.sent_of[i] = s

    def _lines(self, a: int, b: int) -> list[tuple[int, int]]:
        """A sentence cut at line breaks: a title or a caption without a full stop
        ends at its line."""
        out, start = [], a
        for i in range(a + 1, b):
            if "\n" in self.text[self.toks[i - 1].end:self.toks[i].start]:
                out.append((start, i))
                start = i
        out.append((start, b))
        return out

    def part(self, i: int, j: int) -> Part:
        s, e = self.toks[i].start, self.toks[j - 1].end
        return Part(s, e, self.text[s:e])

    def ent_part(self, k: int) -> Part:
        e = self.ents[k]
        return Part(e.start, e.end, self.text[e.start:e.end])

    def starts_entity(self, i: int, label: str) -> int:
        """The entity of ``label`` that starts at token ``i``, or -1."""
        if i < self.n:
            k = self.ent_at[i]
            if k >= 0 and self.range[k][0] == i and self.ents[k].label == label:
                return k
        return -1

    def free(self, i: int, j: int) -> bool:
        return j <= self.n and all(self.ent_at[x] < 0 for x in range(i, j))

    def match(self, i: int, keys, max_len: int, free: bool = True) -> int:
        """Length of the longest entry of ``keys`` at token ``i`` (0 if none)."""
        if i >= self.n:
            return 0
        lengths = _by_first(keys).get(self.low[i])
        if not lengths:
            return 0
        for L in lengths:
            if i + L <= self.n and tuple(self.low[i:i + L]) in keys and (not free or self.free(i, i + L)):
                return L
        return 0


class Linker:
    """Links persons to ranks, posts and agencies with one post lexicon."""

    def __init__(self, lexicon: PostLexicon | None = None):
        self.lex = lexicon or load_posts()

    # -- posts ---------------------------------------------------------------------------
    def _post_at(self, d: _Doc, i: int) -> tuple[int, PostLink] | None:
        """A post starting at token ``i``: (token after it, link without agency)."""
        lex, m = self.lex, self.lex.max_len
        k = i
        flags = {"former": False, "acting": False, "deputy": False}
        for name in ("former", "acting"):
            L = d.match(k, getattr(lex, name), m)
            if L:
                flags[name] = True
                k += L
        L = d.match(k, lex.deputy, m)
        if L and d.match(k + L, lex.posts, m):
            flags["deputy"] = True
            k += L
        L = d.match(k, lex.posts, m)
        if not L or self._inside_name(d, i):
            return None
        core = tuple(d.low[k:k + L])
        if core in lex.needs_agency and not d.toks[k].is_title:
            return None
        j = k + L
        while True:
            T = d.match(j, lex.tails, m)
            if not T:
                break
            j += T
        if core in lex.unit_posts:
            U = d.match(j, lex.unit_names, m)
            j += U
            while not U and (j < d.n and d.ent_at[j] < 0 and d.toks[j].is_title and d.toks[j].is_word
                   and not d.match(j, lex.elided_heads, m) and not d.match(j, lex.posts, m)):
                j += 1
        link = PostLink(post=d.part(i, j), **flags)
        return j, link

    def _inside_name(self, d: _Doc, i: int) -> bool:
        """The word before is a capitalised word of a name the post is part of
        (``Lăng Chủ tịch Hồ Chí Minh``, ``Phủ Chủ tịch``): not an entity, not an
        honorific (``Đồng chí Giám đốc``), in the same sentence."""
        if i == 0 or d.sent_of[i - 1] != d.sent_of[i]:
            return False
        prev = d.toks[i - 1]
        if not (prev.is_word and prev.is_title) or d.ent_at[i - 1] >= 0:
            return False
        for L in range(1, 3):
            if i - L >= 0 and tuple(d.low[i - L:i]) in self.lex.honorifics:
                return False
        return True

    def _resolve(self, d: _Doc, expansion: str, pos: int) -> int:
        """The article's AGENCY whose name starts with ``expansion`` and says more:
        nearest before character ``pos``, else first after; -1 if none."""
        key = agency_key(expansion)
        best_before, first_after = -1, -1
        for k, e in enumerate(d.ents):
            if e.label != "AGENCY":
                continue
            ek = agency_key(e.text)
            if len(ek) <= len(key) or not ek.startswith(key):
                continue
            if e.start < pos:
                best_before = k
            elif first_after < 0:
                first_after = k
        return best_before if best_before >= 0 else first_after

    def _elided_at(self, d: _Doc, j: int, free: bool = True) -> tuple[int, str] | None:
        lex, m = self.lex, self.lex.max_len
        L = d.match(j, lex.elided_heads, m, free=free)
        if not L:
            return None
        expansion = lex.elided_heads[tuple(d.low[j:j + L])]
        L2 = d.match(j + L, lex.elided_levels, m, free=free)
        if L2:
            level = lex.elided_levels[tuple(d.low[j + L:j + L + L2])]
            expansion = f"{expansion} {level}".strip()
        return j + L + L2, expansion

    def _agency_after(self, d: _Doc, j: int, link: PostLink) -> tuple[int, PostLink]:
        """The post's agency starting at token ``j``, if any."""
        lex, m = self.lex, self.lex.max_len
        k = d.starts_entity(j, "AGENCY")
        if k >= 0:
            a, b = d.range[k]
            el = self._elided_at(d, a, free=False)
            if el is not None and el[0] == b:  # the whole entity is a short form
                return self._elided(d, a, el, link)
            return b, _with(link, agency=d.ent_part(k))
        A = d.match(j, lex.admin_words, m)
        k = d.starts_entity(j + A, "LOCATION")
        if k >= 0:
            return d.range[k][1], _with(link, agency=d.ent_part(k))
        el = self._elided_at(d, j)
        if el is not None:
            return self._elided(d, j, el, link)
        return j, link

    def _elided(self, d: _Doc, j: int, el: tuple[int, str], link: PostLink) -> tuple[int, PostLink]:
        end, expansion = el
        short = d.part(j, end)
        k = self._resolve(d, expansion, short.start)
        if k >= 0:
            return end, _with(link, agency=d.ent_part(k), elided=short,
                              score=link.score * self.lex.scores["elided-resolved"])
        return end, _with(link, elided=short, score=link.score * self.lex.scores["elided-unresolved"])

    def chains(self, d: _Doc) -> list[_Chain]:
        """Every chain of posts in the text, left to right."""
        out: list[_Chain] = []
        lex, m = self.lex, self.lex.max_len
        i = 0
        while i < d.n:
            found = self._post_at(d, i) if d.ent_at[i] < 0 else None
            if found is None:
                i += 1
                continue
            chain = _Chain(start=i, end=i)
            while found is not None:
                j, link = found
                j, link = self._agency_after(d, j, link)
                chain.posts.append(link)
                chain.end = j
                J = d.match(j, lex.joiners, m)
                found = self._post_at(d, j + J) if J else None
            # Posts with no agency of their own share the next one's.
            for p in range(len(chain.posts) - 2, -1, -1):
                cur, nxt = chain.posts[p], chain.posts[p + 1]
                if cur.agency is None and cur.elided is None and (nxt.agency or nxt.elided):
                    chain.posts[p] = _with(cur, agency=nxt.agency, elided=nxt.elided, score=nxt.score)
            chain.posts = [p for p in chain.posts
                           if p.agency or p.elided or tuple(fold_case(p.post.text).split()) not in lex.needs_agency]
            if chain.posts:
                out.append(chain)
            i = max(chain.end, i + 1)
        return out

    # -- persons -------------------------------------------------------------------------
    def _gap_ok(self, d: _Doc, i: int, j: int) -> bool:
        """Tokens ``i..j`` are only separators and honorifics (``, ông``, ``– đồng chí``)."""
        lex, m = self.lex, self.lex.max_len
        k = i
        while k < j:
            if d.toks[k].norm in lex.separators:
                k += 1
                continue
            L = d.match(k, lex.honorifics, m)
            if not L:
                return False
            k += L
        return True

    def _clause_start(self, d: _Doc, i: int) -> bool:
        """Token ``i`` opens a clause (sentence start, after punctuation or an
        honorific); after a lower-case word (``sa thải Giám đốc FBI, Tổng thống Mỹ
        Trump``) only the last post of a chain before a name is that name's."""
        if i == 0 or d.sent_of[i - 1] != d.sent_of[i]:
            return True
        prev = d.toks[i - 1]
        if not prev.is_word or prev.is_title:
            return True
        return any(i - L >= 0 and tuple(d.low[i - L:i]) in self.lex.honorifics for L in (1, 2))

    def _tight_before_person(self, d: _Doc, j: int) -> bool:
        """A name (or a rank and a name) follows token ``j`` with at most an honorific
        between: the chain ending there is that person's (``Phó Chủ nhiệm Văn phòng
        Chính phủ Nguyễn Sỹ Hiệp``), even after another person and a comma."""
        j += d.match(j, self.lex.honorifics, self.lex.max_len)
        if d.starts_entity(j, "RANK") >= 0:
            j = d.range[d.ent_at[j]][1]
        return d.starts_entity(j, "PERSON") >= 0

    def _after_name(self, d: _Doc, j: int) -> list[int]:
        """Where a post after the name may start: right after it, after one separator,
        or after a short parenthesis and a separator (``A (SN 1980) – Chủ tịch``)."""
        out = [j]
        if j < d.n and d.toks[j].norm in self.lex.separators:
            out.append(j + 1)
        if j < d.n and d.toks[j].norm == "(":
            close = next((k for k in range(j + 1, min(d.n, j + self.lex.paren_max_tokens)) if d.toks[k].norm == ")"), -1)
            if close > 0:
                k = close + 1
                if k < d.n and d.toks[k].norm in self.lex.separators and d.toks[k].norm != "(":
                    out.append(k + 1)
        return out

    def link(self, text: str, entities: Sequence[Entity]) -> list[Official]:
        d = _Doc(text, entities)
        chains = self.chains(d)
        by_start = {c.start: c for c in chains}
        by_end: dict[int, list[_Chain]] = {}
        for c in chains:
            by_end.setdefault(c.end, []).append(c)
        persons = [k for k, e in enumerate(d.ents) if e.label == "PERSON"]
        full = _full_names(d, persons)
        tight = {id(c) for c in chains if self._tight_before_person(d, c.end)}
        out: list[Official] = []
        for k in persons:
            ps, pe = d.range[k]
            if ps >= pe:
                continue
            rank = None
            left = ps
            if ps > 0 and d.ent_at[ps - 1] >= 0 and d.ents[d.ent_at[ps - 1]].label == "RANK":
                r = d.ent_at[ps - 1]
                rank, left = d.ent_part(r), d.range[r][0]
            posts: list[PostLink] = []
            how = []
            for n_try, j in enumerate(self._after_name(d, pe)):
                c = by_start.get(j)
                if (c is not None and not c.claimed and id(c) not in tight
                        and d.sent_of[j] == d.sent_of[ps]):
                    c.claimed = True
                    w = self.lex.scores["post-adjacent"] if n_try == 0 else self.lex.scores["post-after"]
                    posts += [_with(p, score=p.score * w) for p in c.posts]
                    how.append("post-after")
                    break
            for end in range(left, max(-1, left - 6), -1):
                cands = [c for c in by_end.get(end, []) if not c.claimed and d.sent_of[c.start] == d.sent_of[ps]]
                if cands and self._gap_ok(d, end, left):
                    c = cands[0]
                    c.claimed = True
                    before = c.posts if self._clause_start(d, c.start) else c.posts[-1:]
                    posts = [_with(p, score=p.score * self.lex.scores["post-before"]) for p in before] + posts
                    how.insert(0, "post-before")
                    break
            if rank is None and not posts:
                continue
            if rank is not None:
                how.insert(0, "rank")
            person = d.ent_part(k)
            score = min([d.ents[k].score] + [p.score for p in posts]
                        + ([d.ents[d.ent_at[ps - 1]].score] if rank is not None else []))
            a, b = d.sents[d.sent_of[ps]] if d.sents else (ps, pe)
            out.append(Official(person=person, name=full.get(k, person.text), rank=rank, posts=tuple(posts),
                                sentence=d.part(a, b), score=round(score, 4), how="+".join(how)))
        return out


def _with(link: PostLink, **changes) -> PostLink:
    return replace(link, **changes)


def _full_names(d: _Doc, persons: list[int]) -> dict[int, str]:
    """A short mention (``Thăng``) -> the one longer name of the article it ends
    (``Đinh La Thăng``); names with initials (``Nguyễn Văn H.``) only match themselves."""
    words = {k: tuple(fold_case(normalize(d.ents[k].text).text).split()) for k in persons}
    out: dict[int, str] = {}
    for k, w in words.items():
        longer = {words[o] for o in persons if len(words[o]) > len(w) and words[o][-len(w):] == w}
        if len(longer) == 1:
            target = longer.pop()
            out[k] = next(d.ents[o].text for o in persons if words[o] == target)
    return out
