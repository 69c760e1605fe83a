"""Documents as the pipeline sees them: raw text -> paragraphs -> sentences -> tokens.

Token offsets are relative to their paragraph (as gold offsets are); ``Paragraph.start``
places the paragraph in the document, so document offsets are ``para.start + offset``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from .text.boilerplate import boilerplate_reason
from .text.normalize import NormalizedText, normalize
from .text.paragraphs import split_paragraphs
from .text.sentences import split_sentences
from .text.tokens import Token, tokenize_normalized


@dataclass
class Paragraph:
    index: int
    start: int  # offset of the paragraph in the document
    text: str
    norm: NormalizedText = field(repr=False)
    tokens: list[Token] = field(repr=False)
    sentences: list[tuple[int, int]] = field(repr=False)
    boilerplate: str | None = None

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Document:
    doc_id: str
    text: str
    paragraphs: list[Paragraph]

    @cached_property
    def n_tokens(self) -> int:
        return sum(len(p.tokens) for p in self.paragraphs)


def make_paragraph(index: int, start: int, text: str) -> Paragraph:
    nt = normalize(text)
    toks = tokenize_normalized(nt)
    return Paragraph(index, start, text, nt, toks, split_sentences(toks), boilerplate_reason(text, nt.text))


def make_document(text: str, doc_id: str = "doc") -> Document:
    """Split ``text`` into paragraphs (non-empty lines) and tokenise each."""
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    paras = [make_paragraph(p.index, p.start, p.text) for p in split_paragraphs(text)]
    return Document(doc_id, text, paras)
