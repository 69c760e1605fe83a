"""`anninh annotate`: entities for files, directories or stdin, as JSONL, CoNLL or marked text."""
from __future__ import annotations

import codecs
import json
import os
import sys
import warnings
from contextlib import nullcontext
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
            # a broken symbolic link is kept: reading it fails, and it is skipped and named
            files = sorted(f for f in path.rglob("*.txt") if f.is_file() or (f.is_symlink() and not f.exists()))
            if not files:
                raise FileNotFoundError(f"directory {path} holds no .txt files")
            for f in files:
                yield str(f), f
        elif path.is_file():
            yield str(path), path
        else:
            raise FileNotFoundError(f"input {path} does not exist (give files, directories or - for stdin)")


class InputError(ValueError):
    """One input cannot be read as text; the batch skips it and names it."""


def decode_input(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is dropped) or :class:`InputError` saying what the bytes are.

    Read as bytes and decoded here, so stdin and files obey one rule: Python's own stdin
    decoding depends on the locale and turned UTF-16 into NUL-riddled text that gave
    no entity and no error."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):  # before UTF-16: FF FE 00 00 starts both
        raise InputError(f"{name} is UTF-32 text: convert it to UTF-8 (iconv -f UTF-32 -t UTF-8)")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(f"{name} is UTF-16 text: convert it to UTF-8 (iconv -f UTF-16 -t UTF-8)")
    if b"\x00" in data:
        raise InputError(f"{name} holds NUL bytes: binary data or UTF-16 without a byte-order mark, not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{name} is not UTF-8 text ({exc.reason} at byte {exc.start}): convert it to UTF-8 "
                         "(iconv -f <encoding> -t UTF-8)") from None
    return text


def read_input(path: Path | None) -> str:
    """The text of one input (``None`` is stdin), or :class:`InputError`."""
    name = "stdin" if path is None else str(path)
    if path is not None and path.is_symlink() and not path.exists():
        raise InputError(f"{name} is a broken symbolic link (its target {os.readlink(path)} does not exist)")
    try:
        data = sys.stdin.buffer.read() if path is None else path.read_bytes()
    except OSError as exc:
        raise InputError(f"{name} cannot be read: {exc.strerror or exc}") from None
    return decode_input(data, name)


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
    """The CoNLL dialect ``anninh label`` writes too (see :mod:`train.corpus.conll`)."""
    from train.corpus.conll import conll_block

    return conll_block(text, [(e.start, e.end, e.label) for e in ents])


def write_result(out: TextIO, fmt: Format, name: str, text: str, ents, many: bool) -> None:
    if fmt is Format.jsonl:
        out.write(json.dumps({"source": name, "entities": [e.to_dict() for e in ents]}, ensure_ascii=False) + "\n")
    elif fmt is Format.conll:
        from train.corpus.conll import docstart

        out.write(docstart(name) + conll(text, ents))
    else:
        if many:
            out.write(f"==> {name} <==\n")
        body = marked(text, ents)
        out.write(body if body.endswith("\n") or not body else body + "\n")


class Engine(str, Enum):
    local = "local"
    ray = "ray"


def _annotate_ray(inputs, output, model, fmt, hybrid, batch_size, threads, num_workers, gpus_per_worker, address,
                  shard_size, gzip_out, verify) -> int:
    """``--engine ray`` (train/scale/): JSONL shards and a manifest in the -o folder."""
    from model.modeldir import ModelDirError
    from train.atomic import OutputError
    from train.scale.commands import annotate_job, run_command
    from train.scale.engine import RayOptions
    from train.scale.manifest import ScaleError

    try:
        if output is None:
            raise ScaleError("--engine ray writes shards into a folder: give -o OUTDIR")
        if fmt is not Format.jsonl:
            raise ScaleError("--engine ray writes JSONL shards only; drop --format, or run without --engine ray")
        opts = RayOptions(num_workers, gpus_per_worker, address, shard_size, gzip_out)
        job = annotate_job(inputs, output, model, hybrid, batch_size, threads, opts)
        return run_command(job, verify, lambda m: typer.echo(m, err=True))
    except (FileNotFoundError, ModelDirError, ScaleError, OutputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2


@app.command("annotate")
def annotate_command(
    inputs: Optional[List[str]] = typer.Argument(None, help="Files, directories (*.txt) or - for stdin (default)."),
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Model directory or 'rules' (default: $ANNINH_MODEL, else rules)."
    ),
    fmt: Format = typer.Option(Format.jsonl, "--format", "-f", help="jsonl, conll or text (inline \\[span|LABEL] marks)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    hybrid: bool = typer.Option(False, "--hybrid", help="Combine the model with the rules (model/hybrid.yaml: trusted rule spans kept, confident model spans added)."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Windows per forward pass."),
    threads: Optional[int] = typer.Option(
        None, "--threads", min=1, help="torch CPU threads (1 is often fastest on a busy or small machine)."
    ),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (one process) or ray: shards of JSONL in the "
                                  "-o folder, resumable, on a local Ray cluster or --address (docs/scale.md)."),
    num_workers: int = typer.Option(2, "--num-workers", min=1, help="[ray] actors, each loading the model once."),
    gpus_per_worker: float = typer.Option(0.0, "--gpus-per-worker", min=0.0, help="[ray] GPUs per actor."),
    address: Optional[str] = typer.Option(None, "--address", help="[ray] cluster to join (default: $RAY_ADDRESS, "
                                          "else a local one)."),
    shard_size: int = typer.Option(200, "--shard-size", min=1, help="[ray] articles per output shard."),
    gzip_out: bool = typer.Option(False, "--gzip", help="[ray] write .jsonl.gz shards."),
    verify: bool = typer.Option(False, "--verify", help="[ray] only check that -o holds every input article exactly once."),
) -> None:
    """Find AGENCY, RANK, PERSON and LOCATION entities; offsets index each input's text."""
    if engine is Engine.ray:
        raise typer.Exit(_annotate_ray(list(inputs or []), output, model, fmt, hybrid, batch_size, threads,
                                       num_workers, gpus_per_worker, address, shard_size, gzip_out, verify))
    from tqdm.auto import tqdm

    from model.annotator import RULES, get_annotator, resolve_model
    from model.modeldir import ModelDirError
    from train.atomic import OutputError, atomic_write, check_output_file

    try:
        sources = list(iter_inputs(list(inputs or [])))
        if output is not None:
            check_output_file(output, [p for _, p in sources if p is not None])
        with warnings.catch_warnings(record=True) as notices:
            warnings.simplefilter("always")
            if hybrid and resolve_model(model) == RULES:
                raise ValueError("--hybrid needs a trained model to combine with the rules: give --model DIR "
                                 "(or set $ANNINH_MODEL), or drop --hybrid to annotate with the rules alone")
            ann = get_annotator(model, hybrid=hybrid, batch_size=batch_size, threads=threads)
        for w in notices:
            typer.echo(f"notice: {w.message}", err=True)
    except (FileNotFoundError, ModelDirError, ImportError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    many = len(sources) > 1
    skipped: list[str] = []
    try:
        # To a temporary file renamed at the end: a failure half-way keeps the old output.
        with (atomic_write(output) if output else nullcontext(sys.stdout)) as out:
            with tqdm(total=len(sources), unit="file", desc="annotate", disable=not many, file=sys.stderr) as bar:
                for c in range(0, len(sources), CHUNK_FILES):
                    names, texts = [], []
                    for name, path in sources[c : c + CHUNK_FILES]:
                        try:
                            texts.append(read_input(path))
                            names.append(name)
                        except InputError as exc:
                            skipped.append(name)
                            if many:
                                typer.echo(f"warning: skipped {exc}", err=True)
                            else:
                                raise
                    for name, text, ents in zip(names, texts, ann.annotate_many(texts, progress=not many)):
                        write_result(out, fmt, name, text, ents, many)
                    bar.update(len(sources[c : c + CHUNK_FILES]))
            if len(skipped) == len(sources):
                raise InputError("no input could be read; nothing written")
    except (InputError, OutputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    done = len(sources) - len(skipped)
    if skipped:
        typer.echo(f"skipped {len(skipped)} of {len(sources)} input(s) that could not be read as UTF-8 text: "
                   + ", ".join(skipped[:10]) + (" ..." if len(skipped) > 10 else ""), err=True)
    if output:
        typer.echo(f"wrote {done} annotated input(s) to {output}", err=True)
