"""The exactly-once check: every input article is in the finished shards once.

It reads the shard files themselves, not only the manifest: each shard's records must
name exactly the shard's articles (less those the manifest lists as skipped, with a
reason), none missing, none twice, none foreign. A shard not yet recorded is reported
as unfinished, with what it holds, so the user knows a rerun is needed.
"""
from __future__ import annotations

import gzip
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from .inputs import Shard
from .manifest import Manifest


@dataclass
class VerifyResult:
    articles: int = 0  # found once, as expected
    skipped: int = 0  # left out with a reason in the manifest (unreadable, not UTF-8, empty)
    unfinished: list[str] = field(default_factory=list)  # shard names not (completely) written
    missing: list[str] = field(default_factory=list)  # article sources
    duplicated: list[str] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.unfinished or self.missing or self.duplicated or self.unexpected)

    def message(self, n_shards: int) -> str:
        if self.ok:
            return (f"verified: {self.articles:,} articles in {n_shards} shards, each exactly once"
                    + (f" ({self.skipped} input(s) skipped as unreadable, listed in the manifest)" if self.skipped else ""))

        def some(xs: list[str]) -> str:
            return ", ".join(xs[:10]) + (f" ... ({len(xs)} in all)" if len(xs) > 10 else "")

        parts = []
        if self.unfinished:
            parts.append(f"{len(self.unfinished)} of {n_shards} shards unfinished ({some(self.unfinished)}): "
                         "run the same command again to complete them")
        if self.missing:
            parts.append(f"missing: {some(self.missing)}")
        if self.duplicated:
            parts.append(f"more than once: {some(self.duplicated)}")
        if self.unexpected:
            parts.append(f"not in the input: {some(self.unexpected)}")
        return "verify FAILED: " + "; ".join(parts)


def _lines(path: Path):
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def found_keys(path: Path, command: str) -> list[str]:
    """The articles a shard file holds: ``source`` of annotate records; for label's silver
    paragraphs, the document of each first paragraph (every document has a paragraph 0)."""
    if command == "annotate":
        return [r["source"] for r in _lines(path)]
    return [r["doc"] for r in _lines(path) if r["para"] == 0]


def verify(manifest: Manifest, shards: Sequence[Shard], command: str) -> VerifyResult:
    res = VerifyResult()
    outdir = manifest.path.parent
    for shard in shards:
        rec = manifest.shards.get(shard.name)
        if rec is None or not manifest.done(shard.name):
            res.unfinished.append(shard.name)
            continue
        skipped = Counter(s for s, _ in rec.get("skipped", []))
        expected = Counter(i.source for i in shard.items) - skipped
        res.skipped += sum(skipped.values())
        found = found_keys(outdir / rec["files"][0], command)
        if command == "annotate":
            got = Counter(found)
        else:
            # label names a document by its id (a file stem, or a JSONL id the driver has
            # not read): pair the shard's readable articles with the documents in order
            left = Counter(skipped)
            kept = []
            for item in shard.items:
                if left[item.source]:
                    left[item.source] -= 1
                else:
                    kept.append(item)
            got = Counter()
            for item, doc in zip(kept, found):
                if item.line or Path(item.path).stem == doc:
                    got[item.source] += 1
                else:
                    res.unexpected.append(f"{doc} (in shard {shard.name} where {item.source} belongs)")
            if len(found) > len(kept):
                res.duplicated.append(f"shard {shard.name}: {len(found) - len(kept)} document(s) too many "
                                      f"({', '.join(found[len(kept):][:5])})")
            if found != rec.get("docs"):
                res.unexpected.append(f"shard {shard.name}: its documents differ from the manifest's list")
        res.missing += sorted((expected - got).elements())
        res.duplicated += sorted(s for s, n in got.items() if n > expected.get(s, 0) and expected.get(s, 0))
        res.unexpected += sorted(s for s in got if s not in expected)
        res.articles += sum(min(n, expected.get(s, 0)) for s, n in got.items())
    return res
