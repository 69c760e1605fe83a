"""Reading a raw corpus folder: one article per ``*.txt`` file, UTF-8.

Real scraped corpora contain files in other encodings, empty files and unreadable
files. None of them may stop a run or vanish silently: each is skipped with a reason
and a warning that names the file, and the caller gets the list so reports can count
them. A missing or empty folder is an error with the fix in the message.
"""
from __future__ import annotations

import codecs
import os
import warnings
from dataclasses import dataclass, field
from pathlib import Path


class CorpusError(ValueError):
    """The input folder is missing, not a folder, or holds no ``*.txt`` files."""


class CorpusWarning(UserWarning):
    """A corpus file was skipped (not UTF-8, unreadable, empty)."""


@dataclass
class CorpusRead:
    """``docs``: ``(doc_id, text)`` with ``doc_id`` the file stem, in file-name order;
    ``skipped``: ``(path, reason)`` for every article file left out; ``ignored``: files
    that do not match the pattern (listed so a report can show them)."""

    input_dir: Path
    docs: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # other files in the folder (README.md ...), not articles

    @property
    def n_files(self) -> int:
        return len(self.docs) + len(self.skipped)

    @property
    def n_chars(self) -> int:
        return sum(len(t) for _, t in self.docs)


def _decode(raw: bytes) -> tuple[str | None, str | None]:
    """``(text, None)`` or ``(None, reason)``."""
    for boms, name in (((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE), "UTF-32"),  # FF FE 00 00 first: it starts
                       ((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE), "UTF-16")):  # with UTF-16's FF FE
        if raw.startswith(boms):
            return None, f"{name} text (byte-order mark); convert it, e.g. `iconv -f {name} -t UTF-8`, or remove it"
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        return None, (f"not UTF-8 (byte 0x{bad} at offset {exc.start}); convert it, e.g. "
                      f"`iconv -f WINDOWS-1258 -t UTF-8`, or remove it")
    if "\x00" in text:
        return None, "contains NUL bytes (binary or UTF-16 file?); save it as UTF-8 text"
    return text, None


def read_corpus(input_dir: str | Path, pattern: str = "*.txt", warn: bool = True) -> CorpusRead:
    """Read every ``pattern`` file of ``input_dir`` (not recursive).

    Files that are not UTF-8, unreadable or empty are skipped with a reason and a
    :class:`CorpusWarning` naming the file; the rest are returned.
    """
    path = Path(input_dir)
    if not path.exists():
        raise CorpusError(f"input folder {path} does not exist; pass a folder of UTF-8 *.txt articles "
                          "(e.g. --input data/raw)")
    if not path.is_dir():
        raise CorpusError(f"input {path} is a file, not a folder; pass the folder that holds the *.txt articles")
    # a broken symbolic link is kept as a file: reading it fails, so it is skipped and named
    files = sorted(p for p in path.glob(pattern) if p.is_file() or (p.is_symlink() and not p.exists()))
    if not files:
        raise CorpusError(f"input folder {path} has no {pattern} files; put one article per UTF-8 .txt file there")
    out = CorpusRead(path)
    chosen = set(files)
    out.ignored = sorted(str(p) for p in path.iterdir() if p.is_file() and p not in chosen)
    for f in files:
        try:
            raw = f.read_bytes()
        except OSError as exc:
            if f.is_symlink() and not f.exists():
                text, reason = None, f"a broken symbolic link; its target {os.readlink(f)} does not exist"
            else:
                text, reason = None, f"unreadable ({exc.strerror or exc})"
        else:
            text, reason = _decode(raw)
        if text is not None and not text.strip():
            text, reason = None, "empty (no text)"
        if text is None:
            out.skipped.append((str(f), reason or "unreadable"))
            if warn:
                warnings.warn(f"skipping {f}: {reason}", CorpusWarning, stacklevel=2)
            continue
        out.docs.append((f.stem, text))
    return out
