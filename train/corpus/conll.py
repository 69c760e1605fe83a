"""The one CoNLL dialect the project writes (``anninh label``'s silver.conll and
``anninh annotate -f conll``), so a file from either command reads the same way.

* ``-DOCSTART-<TAB>name`` and a blank line open each document (the CoNLL-2003 marker
  most readers skip or use as a document break);
* one ``token<TAB>TAG`` line per syllable token, tags IOB2;
* a blank line after each sentence, the unit the model trains on.

The document name is a file name and may hold a tab or a newline; it is escaped
(:func:`escape_field`), so it can never inject lines into the file.
"""
from __future__ import annotations

from typing import Iterable, Sequence, TextIO

from model.document import Paragraph, make_paragraph
from model.labels import Span, spans_to_tags
from model.text.paragraphs import iter_paragraphs
from model.text.tokens import Token

DOCSTART = "-DOCSTART-"


def escape_field(value: str) -> str:
    """``value`` on one line: backslash, tab, line and paragraph separators written as
    escapes (``\\n``, ``\\t``, ``\\u2028``), everything else unchanged."""
    out = []
    for c in value:
        if c == "\\":
            out.append("\\\\")
        elif c == "\t":
            out.append("\\t")
        elif c == "\n":
            out.append("\\n")
        elif c == "\r":
            out.append("\\r")
        elif c.isspace() and c != " " or not c.isprintable() and c != " ":
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    return "".join(out)


def docstart(name: str) -> str:
    return f"{DOCSTART}\t{escape_field(name)}\n\n"


def token_field(tok: Token) -> str:
    """The token as the user wrote it, or its normalised form when the original holds
    invisible characters (a zero-width space, a lone surrogate) or whitespace."""
    text = "".join(tok.text.split())
    return text if text and text.isprintable() else tok.norm


def paragraph_lines(para: Paragraph, tags: Sequence[str]) -> Iterable[str]:
    """Lines of one paragraph: its sentences, each followed by an empty line."""
    for i, j in para.sentences:
        for k in range(i, j):
            yield f"{token_field(para.tokens[k])}\t{tags[k]}"
        yield ""


def write_document(fh: TextIO, name: str, paragraphs: Sequence[Paragraph], tags: Sequence[Sequence[str]]) -> int:
    """Write one document; return the number of token lines written."""
    fh.write(docstart(name))
    n = 0
    for para, ptags in zip(paragraphs, tags):
        for line in paragraph_lines(para, ptags):
            fh.write(line + "\n")
            n += bool(line)
    return n


def conll_block(text: str, spans: Iterable[Span]) -> str:
    """The token lines of ``text`` with ``spans`` (document offsets) as IOB2 tags."""
    spans = sorted(spans)
    lines: list[str] = []
    for index, start, ptext in iter_paragraphs(text):
        para = make_paragraph(index, start, ptext)
        end = start + len(ptext)
        offs = [(start + t.start, start + t.end) for t in para.tokens]
        tags = spans_to_tags(offs, [s for s in spans if start <= s[0] < end])
        lines.extend(paragraph_lines(para, tags))
    return "".join(line + "\n" for line in lines)
