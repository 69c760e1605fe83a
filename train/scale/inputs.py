"""Listing a corpus and cutting it into deterministic shards.

A rerun must map the same articles to the same shard names, or "skip the finished
shards" would skip the wrong articles. So the driver lists every article in a fixed
order (sorted paths; JSONL lines in file order) and cuts the list into shards of a fixed
number of articles; the manifest records a fingerprint of the listing and refuses to
resume when it changed. Only references travel to the workers (a path, or a path and a
line number); each worker reads its own articles.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from train.corpus.reader import _decode
from train.corpus.sources import JSONL_SUFFIXES, fingerprint, open_jsonl, parse_jsonl_line


@dataclass(frozen=True)
class Item:
    """One article: a text file (``line`` 0) or one line of a JSONL file (1-based)."""

    path: str
    line: int = 0

    @property
    def source(self) -> str:
        """The article's name in the output: the path (as ``anninh annotate`` writes it), or ``path:line``."""
        return f"{self.path}:{self.line}" if self.line else self.path


@dataclass
class Shard:
    name: str
    items: list[Item]

    def spec(self) -> str:
        return json.dumps([[i.path, i.line] for i in self.items], ensure_ascii=False)

    @staticmethod
    def items_of(spec: str) -> list[Item]:
        return [Item(p, n) for p, n in json.loads(spec)]


@dataclass
class Article:
    item: Item
    doc_id: str
    text: str


def is_jsonl(path: Path) -> bool:
    return path.name.lower().endswith(JSONL_SUFFIXES)


def list_files(paths: Sequence[str], recursive: bool) -> list[Path]:
    """The files the inputs name: a folder gives its ``*.txt`` and ``*.jsonl[.gz]`` files
    (recursively for ``annotate``, like its single-process form; not for ``label``), in
    sorted order; a file is taken as it is."""
    if not paths:
        raise FileNotFoundError("--engine ray needs input paths (stdin cannot be sharded): give folders or files")
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            walk = path.rglob("*") if recursive else path.glob("*")
            files = sorted(f for f in walk if f.is_file() and (f.suffix.lower() == ".txt" or is_jsonl(f)))
            if not files:
                raise FileNotFoundError(f"directory {path} holds no .txt or .jsonl[.gz] files")
            out.extend(files)
        elif path.is_file():
            out.append(path)
        else:
            raise FileNotFoundError(f"input {path} does not exist (give folders of .txt articles or .jsonl[.gz] files)")
    return out


def count_lines(path: Path) -> int:
    """Lines of a JSONL file (decompressed); a truncated ``.gz`` counts what can be read."""
    n = 0
    try:
        with open_jsonl(path) as fh:
            for _ in fh:
                n += 1
    except (OSError, EOFError):
        pass  # the reader names the problem on the last line it reaches
    return n


def list_items(files: Sequence[Path]) -> list[Item]:
    items: list[Item] = []
    for f in files:
        if is_jsonl(f):
            items.extend(Item(str(f), n) for n in range(1, count_lines(f) + 1))
        else:
            items.append(Item(str(f)))
    return items


def make_shards(items: Sequence[Item], shard_size: int) -> list[Shard]:
    return [Shard(f"{k:05d}", list(items[s:s + shard_size])) for k, s in enumerate(range(0, len(items), shard_size))]


def listing_fingerprint(files: Sequence[Path], items: Sequence[Item]) -> str:
    """Files (paths, sizes, modification times) and the number of articles."""
    h = hashlib.sha1(f"{fingerprint(files)}\0{len(items)}".encode())
    return h.hexdigest()[:16]


def _read_text(path: Path, mode: str) -> tuple[str | None, str | None]:
    """A text article as ``(text, None)`` or ``(None, reason)``, by the rule of the
    single-process command: ``annotate`` keeps an empty file (no entities), ``label``
    skips it (:func:`train.corpus.reader.read_corpus`)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    if mode == "annotate":
        from train.cli.annotate import InputError, decode_input

        try:
            return decode_input(raw, str(path)), None
        except InputError as exc:
            return None, str(exc)
    text, reason = _decode(raw)
    if text is not None and not text.strip():
        return None, "empty (no text)"
    return text, reason


def read_shard(items: Sequence[Item], mode: str) -> tuple[list[Article], list[tuple[str, str]]]:
    """The shard's articles in order, and ``(source, reason)`` for each one left out."""
    docs: list[Article] = []
    skipped: list[tuple[str, str]] = []
    k = 0
    while k < len(items):
        item = items[k]
        if not item.line:
            text, reason = _read_text(Path(item.path), mode)
            if text is None:
                skipped.append((item.source, reason or "unreadable"))
            else:
                docs.append(Article(item, Path(item.path).stem, text))
            k += 1
            continue
        run = [item]  # consecutive lines of one JSONL file, read in one pass
        while k + len(run) < len(items) and items[k + len(run)].path == item.path and items[k + len(run)].line:
            run.append(items[k + len(run)])
        k += len(run)
        wanted = {i.line: i for i in run}
        last = max(wanted)
        seen: set[int] = set()
        path = Path(item.path)
        try:
            with open_jsonl(path) as fh:
                for lineno, raw in enumerate(fh, start=1):
                    if lineno in wanted:
                        seen.add(lineno)
                        doc, reason = parse_jsonl_line(raw, path, lineno)
                        if doc is None:
                            skipped.append((wanted[lineno].source, reason or "unreadable"))
                        else:
                            docs.append(Article(wanted[lineno], doc.id, doc.text))
                    if lineno >= last:
                        break
        except (OSError, EOFError) as exc:
            reason = f"unreadable ({getattr(exc, 'strerror', None) or exc})"
            skipped.extend((i.source, reason) for i in run if i.line not in seen)
            continue
        skipped.extend((i.source, "line no longer in the file") for i in run if i.line not in seen)
    return docs, skipped
