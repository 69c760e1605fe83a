"""The manifest of a sharded run: which shards are finished, and for what job.

``OUTDIR/manifest.json`` is rewritten atomically (temporary file + ``os.replace``) after
each shard file has been renamed into place, so a shard is either recorded and whole,
or not recorded and done again by the next run. ``job`` holds what must not change
between a run and its resumption (command, settings, shard size, the input listing's
fingerprint): a mismatch is refused instead of mixing two jobs in one folder.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from train.atomic import write_text_atomic

MANIFEST = "manifest.json"
VERSION = 1


class ScaleError(ValueError):
    """The sharded run cannot start or go on; the message says what to do."""


@dataclass
class Manifest:
    path: Path
    job: dict
    shards: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def open(cls, outdir: Path, job: dict) -> "Manifest":
        """The folder's manifest for ``job`` (a new one if there is none)."""
        path = outdir / MANIFEST
        if not path.exists():
            return cls(path, job)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScaleError(f"{path} cannot be read ({exc}); remove the folder's output or choose another -o") from None
        if not isinstance(data, dict) or data.get("version") != VERSION:
            raise ScaleError(f"{path} is not a manifest this version writes; choose another -o folder")
        old = data.get("job", {})
        if old != job:
            diff = sorted(k for k in set(old) | set(job) if old.get(k) != job.get(k))
            raise ScaleError(f"{path.parent} holds the output of another job (differs in: {', '.join(diff)}); "
                             "rerun with the same inputs and options to resume, or choose another -o folder")
        return cls(path, job, dict(data.get("shards", {})))

    def done(self, name: str) -> bool:
        """Recorded and its file still there (a deleted shard file is done again)."""
        rec = self.shards.get(name)
        return rec is not None and all((self.path.parent / f).is_file() for f in rec["files"])

    def record(self, name: str, rec: dict) -> None:
        self.shards[name] = rec
        self.save()

    def save(self) -> None:
        data = {"version": VERSION, "job": self.job, "shards": dict(sorted(self.shards.items()))}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")
