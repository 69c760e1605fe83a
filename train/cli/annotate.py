"""`anninh annotate`: entities for files, directories or stdin, as JSONL, CoNLL or marked text."""
from __future__ import annotations

import json
import sys
import warnings
from enum import Enum
from pathlib import Path
from typing import Iterator, List, Optional, TextIO

import typer

from ._app import app

CHUNK_FILES = 16  # files annotated together, so short files share forward passes


class Format(str, Enum):
    jsonl = "jsonl"
    conll = "conll"
    text = "text"


def iter_inputs(paths: list[str]) -> Iterator[tuple[str, Path | None]]:
    """``(name, path)`` per input; ``-`` (or no path at all) is stdin, path None.
    A directory contributes its ``*.txt`` files, recursively, in sorted order."""
    if not paths:
        paths = ["-"]
    for p in paths:
        if p == "-":
            yield "-", None
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*.txt") if f.is_file())
            if not files:
                raise FileNotFoundError(f"directory {path} holds no .txt files")
            for f in files:
                yield str(f), f
        elif path.is_file():
            yield str(path), path
        else:
            raise FileNotFoundError(f"input {path} does not exist (give files, directories or - for stdin)")


def read_input(path: Path | None) -> str:
    if path is None:
        return sys.stdin.read()
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def marked(text: str, ents) -> str:
    """``[span|LABEL]`` inline, the format of data/gold/marked."""
    out, pos = [], 0
    for e in ents:
        if e.start < pos:
            continue
        out += [text[pos : e.start], "[", text[e.start : e.end], "|", e.label, "]"]
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def conll(text: str, ents) -> str:
    """One ``token<TAB>tag`` line per syllable token, a blank line after each sentence."""
    from model.document import make_paragraph
    from model.labels import spans_to_tags
    from model.text.paragraphs import split_paragraphs

    spans = [(e.start, e.end, e.label) for e in ents]
    lines: list[str] = []
    for ps in split_paragraphs(text):
        para = make_paragraph(ps.index, ps.start, ps.text)
        offs = [(ps.start + t.start, ps.start + t.end) for t in para.tokens]
        tags = spans_to_tags(offs, [s for s in spans if ps.start <= s[0] < ps.end])
        for i, j in para.sentences:
            for k in range(i, j):
                tok = "".join(para.tokens[k].text.split()) or para.tokens[k].norm
                lines.append(f"{tok}\t{tags[k]}")
            lines.append("")
    return "\n".join(lines) + ("\n" if lines else "")


def write_result(out: TextIO, fmt: Format, name: str, text: str, ents, many: bool) -> None:
    if fmt is Format.jsonl:
        out.write(json.dumps({"source": name, "entities": [e.to_dict() for e in ents]}, ensure_ascii=False) + "\n")
    elif fmt is Format.conll:
        out.write(f"# source = {name}\n" + conll(text, ents) + "\n")
    else:
        if many:
            out.write(f"==> {name} <==\n")
        body = marked(text, ents)
        out.write(body if body.endswith("\n") or not body else body + "\n")


@app.command("annotate")
def annotate_command(
    inputs: Optional[List[str]] = typer.Argument(None, help="Files, directories (*.txt) or - for stdin (default)."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Model directory or 'rules' (default: $ANNINH_MODEL, else rules)."
    ),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl, conll or text (inline \\[span|LABEL] marks)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    hybrid: bool = typer.Option(False, "--hybrid", help="Let the rank lexicon override model predictions."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Windows per forward pass."),
    threads: Optional[int] = typer.Option(
        None, "--threads", min=1, help="torch CPU threads (1 is often fastest on a busy or small machine)."
    ),
) -> None:
    """Find AGENCY, RANK, PERSON and LOCATION entities; offsets index each input's text."""
    from tqdm.auto import tqdm

    from model.annotator import get_annotator
    from model.modeldir import ModelDirError

    try:
        sources = list(iter_inputs(list(inputs or [])))
        with warnings.catch_warnings(record=True) as notices:
            warnings.simplefilter("always")
            ann = get_annotator(model, hybrid=hybrid, batch_size=batch_size, threads=threads)
        for w in notices:
            typer.echo(f"notice: {w.message}", err=True)
    except (FileNotFoundError, ModelDirError, ImportError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    many = len(sources) > 1
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with tqdm(total=len(sources), unit="file", desc="annotate", disable=not many, file=sys.stderr) as bar:
            for c in range(0, len(sources), CHUNK_FILES):
                chunk = sources[c : c + CHUNK_FILES]
                try:
                    texts = [read_input(p) for _, p in chunk]
                except ValueError as exc:
                    typer.echo(f"error: {exc}", err=True)
                    raise typer.Exit(2)
                for (name, _), text, ents in zip(chunk, texts, ann.annotate_many(texts, progress=not many)):
                    write_result(out, fmt, name, text, ents, many)
                bar.update(len(chunk))
    finally:
        if output:
            out.close()
    if output:
        typer.echo(f"wrote {len(sources)} annotated input(s) to {output}", err=True)
