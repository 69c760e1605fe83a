"""Corpus sources: folders of ``.txt``, ``.txt`` files, ``.jsonl`` / ``.jsonl.gz`` files.

Users hold their articles in whatever shape their scraper wrote: one article a ``.txt``
file, or one JSON object a line (``{"id": ..., "text": ...}``, gzipped or not). A corpus
spec is one such path or a list of them. Reading never stops on a bad item: an unreadable
or non-UTF-8 file, an empty JSONL line, a line that is not JSON or has no ``text`` is
skipped and reported by file and line, and the rest is used. A path that does not exist,
or a spec that yields no text at all, is an error with the fix in the message.

The fingerprint names a corpus by its files' paths, sizes and modification times, so a
cache keyed by it (:mod:`train.corpus.prepare`) is reused on a second run and rebuilt when a
file changes, without reading 100 MB to hash it.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

from .reader import CorpusError, CorpusWarning, _decode

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz", ".ndjson")
TEXT_SUFFIXES = (".txt",)


@dataclass
class SourceDoc:
    """One article: ``id`` is the file stem for ``.txt``, the ``id`` field (or
    ``<file>:<line>``) for JSONL."""

    id: str
    text: str


@dataclass
class SourceProblems:
    """What was skipped, as ``(where, reason)`` with ``where`` = ``file`` or ``file:line``."""

    skipped: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, reason: str, warn: bool = True) -> None:
        self.skipped.append((where, reason))
        if warn:
            warnings.warn(f"skipping {where}: {reason}", CorpusWarning, stacklevel=3)


def as_spec_list(spec: str | Path | Sequence[str | Path] | None) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, (str, Path)):
        return [str(spec)]
    return [str(s) for s in spec]


def _is_jsonl(p: Path) -> bool:
    return p.name.lower().endswith(JSONL_SUFFIXES)


def corpus_files(spec: str | Path | Sequence[str | Path]) -> list[Path]:
    """The article files a spec names, in a stable order (each folder sorted by name).

    A folder contributes its ``*.txt`` and ``*.jsonl[.gz]`` files (not recursive).
    """
    items = as_spec_list(spec)
    if not items:
        raise CorpusError("no corpus given: set data.corpus to a folder of .txt articles, a .txt file, "
                          "a .jsonl/.jsonl.gz file with a 'text' field, or a list of them")
    out: list[Path] = []
    for raw in items:
        p = Path(raw).expanduser()
        if not p.exists():
            raise CorpusError(f"corpus path {raw} does not exist; give a folder of .txt articles, a .txt file "
                              "or a .jsonl/.jsonl.gz file (paths are relative to the current directory)")
        if p.is_dir():
            found = sorted(f for f in p.iterdir() if f.is_file() and (f.suffix.lower() in TEXT_SUFFIXES or _is_jsonl(f)))
            if not found:
                raise CorpusError(f"corpus folder {raw} holds no .txt or .jsonl[.gz] files; put one article per "
                                  "UTF-8 .txt file there, or point data.corpus at a JSONL file")
            out.extend(found)
        elif p.suffix.lower() in TEXT_SUFFIXES or _is_jsonl(p):
            out.append(p)
        else:
            raise CorpusError(f"corpus file {raw} is neither .txt nor .jsonl/.jsonl.gz; convert it, or list the "
                              "files to use")
    return out


def fingerprint(files: Sequence[Path]) -> str:
    """A short hash of the files' resolved paths, sizes and modification times."""
    h = hashlib.sha1()
    for f in files:
        st = f.stat()
        h.update(f"{f.resolve()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


def parse_jsonl_line(raw: bytes, path: Path, lineno: int) -> tuple[SourceDoc | None, str | None]:
    """One JSONL line as ``(doc, None)`` or ``(None, reason)``; shared with the sharded
    reader of ``--engine ray`` (:mod:`train.scale.inputs`), so both skip the same lines."""
    if not raw.strip():
        return None, "empty line"
    try:
        obj = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 (byte offset {exc.start} in the line)"
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg})"
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        return None, "no 'text' string field"
    if not obj["text"].strip():
        return None, "empty 'text'"
    doc_id = obj.get("id")
    return SourceDoc(str(doc_id) if doc_id not in (None, "") else f"{path.name}:{lineno}", obj["text"]), None


def open_jsonl(path: Path):
    """A binary handle on a ``.jsonl`` file, decompressing a ``.gz`` one."""
    return (gzip.open if path.name.lower().endswith(".gz") else open)(path, "rb")


def _iter_jsonl(path: Path, problems: SourceProblems, warn: bool) -> Iterator[SourceDoc]:
    try:
        fh = open_jsonl(path)
        with fh:
            for lineno, raw in enumerate(fh, start=1):
                doc, reason = parse_jsonl_line(raw, path, lineno)
                if doc is None:
                    problems.add(f"{path}:{lineno}", reason or "unreadable", warn)
                    continue
                yield doc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        problems.add(str(path), f"unreadable ({getattr(exc, 'strerror', None) or exc}); the lines before it were used", warn)


def iter_docs(files: Sequence[Path], problems: SourceProblems | None = None, warn: bool = True) -> Iterator[SourceDoc]:
    """Every article of ``files``, skipping (and recording in ``problems``) what is unusable."""
    problems = problems if problems is not None else SourceProblems()
    for f in files:
        if _is_jsonl(f):
            yield from _iter_jsonl(f, problems, warn)
            continue
        try:
            raw = f.read_bytes()
        except OSError as exc:
            problems.add(str(f), f"unreadable ({exc.strerror or exc})", warn)
            continue
        text, reason = _decode(raw)
        if text is not None and not text.strip():
            text, reason = None, "empty (no text)"
        if text is None:
            problems.add(str(f), reason or "unreadable", warn)
            continue
        yield SourceDoc(f.stem, text)
