"""The one record every part of the pipeline hands to users: a labelled character span."""
from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Entity:
    """A labelled span of the *original* input text.

    ``start``/``end`` are character offsets (end exclusive) into the string the user
    passed in, so ``original[start:end] == text`` always holds, whatever normalisation
    (NFD, HTML entities, odd spaces) happened internally.
    """

    start: int
    end: int
    label: str
    text: str
    score: float = 1.0

    def to_dict(self) -> dict:
        return asdict(self)
