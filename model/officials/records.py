"""The records the officials linker returns: who, with which rank and posts, where in the text.

Plain dataclasses; every part keeps its character offsets into the caller's string, so a
record can be highlighted, checked against gold, or traced back to its sentence.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Part:
    """A piece of the text: ``text == original[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class PostLink:
    """One post of a person and the agency it is of.

    ``agency`` is the span the text gives for it: the agency after the post, or, for an
    elided agency (``Giám đốc Công an tỉnh``), the article's full mention it stands for
    (``elided`` then holds the short form as written). ``agency`` is None when the clause
    names no agency (``Bộ trưởng Tô Lâm``)."""

    post: Part
    agency: Part | None = None
    elided: Part | None = None
    deputy: bool = False
    former: bool = False
    acting: bool = False
    score: float = 1.0

    @property
    def agency_name(self) -> str | None:
        return self.agency.text if self.agency is not None else (self.elided.text if self.elided else None)


@dataclass(frozen=True)
class Official:
    """One PERSON mention with what the text says of it at that mention.

    ``name`` is the fullest form of the name in the same article (``Thăng`` ->
    ``Đinh La Thăng``) so that tables can merge mentions; ``sentence`` is the span of the
    sentence the mention is in (evidence)."""

    person: Part
    name: str
    rank: Part | None = None
    posts: tuple[PostLink, ...] = ()
    sentence: Part | None = None
    score: float = 1.0
    how: str = ""

    @property
    def agency(self) -> str | None:
        """The agency of the first post that has one."""
        for p in self.posts:
            if p.agency_name:
                return p.agency_name
        return None

    def to_dict(self) -> dict:
        d = asdict(self)
        d["agency"] = self.agency
        return d

