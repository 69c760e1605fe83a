"""Officials: who holds which rank and post, read from text.

``from model import officials`` gives this module, which is callable::

    from model import officials
    for rec in officials("Trung tướng Lê Hồng Nam, Giám đốc Công an TP.HCM, ..."):
        print(rec.name, rec.rank.text, [p.post.text for p in rec.posts], rec.agency)

The entities (RANK, PERSON, AGENCY, LOCATION) come from the rule engine unless given;
the posts come from ``posts.yaml``; :mod:`.linker` ties them together. Records are plain
dataclasses (:mod:`.records`) whose parts keep offsets into the caller's string.
"""
from __future__ import annotations

import sys
import types
from typing import Sequence

from model.entity import Entity

from .lexicon import PostLexicon, load_posts
from .linker import Linker, agency_key
from .records import Official, Part, PostLink

__all__ = ["Official", "Part", "PostLink", "Linker", "PostLexicon", "agency_key", "load_posts", "officials"]

_linker: Linker | None = None


def officials(text: str, entities: Sequence[Entity] | None = None, *, model: str = "rules",
              focus: bool = False) -> list[Official]:
    """The officials of ``text``: one record per PERSON mention that the text gives a
    rank or a post, in text order. ``entities``: spans to link (default: ``model``'s,
    the rule engine unless a model directory is named). ``focus``: tag only the text
    around post and rank words (:mod:`.focus`; about three times faster on a corpus)."""
    global _linker
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__} (decode bytes first)")
    if _linker is None:
        _linker = Linker()
    if entities is not None:
        return _linker.link(text, entities)
    if not text.strip():
        return []
    from model.annotator import get_annotator

    ann = get_annotator(model)
    if focus:
        from .focus import focused_entities

        recs = _linker.link(text, focused_entities(text, ann.annotate))
        if not any(p.elided is not None and p.agency is None for r in recs for p in r.posts):
            return recs
    return _linker.link(text, ann.annotate(text))


class _CallableModule(types.ModuleType):
    """Lets ``from model import officials; officials(text)`` work: importing the package
    ``model.officials`` binds the module to that name, so the module itself is the call."""

    def __call__(self, text: str, entities: Sequence[Entity] | None = None, *, model: str = "rules",
                 focus: bool = False):
        return officials(text, entities, model=model, focus=focus)


sys.modules[__name__].__class__ = _CallableModule
