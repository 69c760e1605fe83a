"""Request and response shapes of ``POST /annotate`` (and the OpenAPI docs FastAPI builds
from them). Strict strings: a number for ``text`` is a 422, not silently turned into text."""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict, Field, StrictStr


class AnnotateRequest(BaseModel):
    """Exactly one of ``text`` (one string) or ``texts`` (a list of strings)."""

    model_config = ConfigDict(extra="forbid")

    text: Optional[StrictStr] = Field(None, description="One text; the answer is {\"entities\": [...]}.")
    texts: Optional[list[StrictStr]] = Field(
        None, description="Several texts; the answer is {\"results\": [[...], ...]}, one list per text, in order.")


class EntityOut(BaseModel):
    start: int = Field(description="Character offset (Python code points) into the text sent; end exclusive.")
    end: int
    label: str = Field(description="AGENCY, RANK, PERSON or LOCATION.")
    text: str = Field(description="text[start:end] of the text sent.")
    score: float


class EntitiesResponse(BaseModel):
    entities: list[EntityOut]


class ResultsResponse(BaseModel):
    results: list[list[EntityOut]]


class ErrorResponse(BaseModel):
    error: str = Field(description="What went wrong and what to change.")
    status: int
