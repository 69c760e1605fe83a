"""Running a sharded job on Ray Data: list, skip what the manifest holds, map the rest
with an actor pool, write each shard as it arrives, verify.

Ray does the scheduling, the actor pool (``map_batches`` with an actor class and
``concurrency``), GPU placement (``num_gpus``) and the retries (``max_restarts`` /
``max_task_retries``: a killed actor is restarted and its shard computed again). The
driver writes every file, so a shard is written once, by one process, atomically.
"""
from __future__ import annotations

import json
import logging
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from train.atomic import atomic_write, check_output_dir, write_text_atomic

from .inputs import Shard, list_files, list_items, listing_fingerprint, make_shards
from .manifest import Manifest, ScaleError
from .verify import VerifyResult, verify

INSTALL_HINT = "--engine ray needs Ray: pip install 'anninh-ner[ray]'"
CRASH_ENV = "ANNINH_SCALE_CRASH"  # test hook, see workers._maybe_crash
GAZETTEER = "gazetteer.json"


@dataclass
class RayOptions:
    num_workers: int = 2
    gpus_per_worker: float = 0.0
    address: str | None = None  # else $RAY_ADDRESS, else a local cluster started and stopped here
    shard_size: int = 200
    gzip: bool = False
    progress: bool = True


@dataclass
class Summary:
    shards: int = 0  # in the job
    written: int = 0  # by this run
    articles: int = 0  # by this run
    chars: int = 0
    entities: int = 0
    seconds: float = 0.0
    totals: dict = field(default_factory=dict)  # over every finished shard
    verified: VerifyResult | None = None

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.seconds if self.seconds > 0 else 0.0


def require_ray():
    """The ``ray`` module, or :class:`ScaleError` saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError:
        raise ScaleError(INSTALL_HINT) from None
    return ray


class RayCluster:
    """Joins ``address`` (or ``$RAY_ADDRESS``), reuses a connection the process already
    has, or starts a local cluster with the CPUs the workers need and stops it after."""

    def __init__(self, opts: RayOptions):
        self.opts = opts
        self.started = False

    def __enter__(self):
        ray = require_ray()
        if not ray.is_initialized():
            address = self.opts.address or os.environ.get("RAY_ADDRESS")
            common = dict(include_dashboard=False, logging_level=logging.WARNING, log_to_driver=True)
            if address:
                ray.init(address=address, **common)
            else:
                ray.init(num_cpus=max(self.opts.num_workers + 1, 2), **common)
            self.started = True
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False  # the driver's own bar counts shards and characters
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        return ray

    def __exit__(self, *exc):
        if self.started:
            import ray

            ray.shutdown()
        return False


def map_shards(ray, shards: Sequence[Shard], worker: type, kwargs: dict, opts: RayOptions
               ) -> Iterator[tuple[str, str, dict]]:
    """``(shard, payload, stats)`` per shard, in the order they finish."""
    if not shards:
        return
    ds = ray.data.from_items([{"shard": s.name, "spec": s.spec()} for s in shards], override_num_blocks=len(shards))
    # Retries: Ray Data gives an actor pool max_restarts=-1 and max_task_retries=-1 by
    # default (passing them is deprecated since Ray 2.60); tests/test_scale.py kills an
    # actor mid-run and checks that its shard is done again.
    ds = ds.map_batches(worker, batch_size=1, compute=ray.data.ActorPoolStrategy(size=min(opts.num_workers, len(shards))),
                        num_cpus=1, num_gpus=opts.gpus_per_worker or None, fn_constructor_kwargs=kwargs)
    for row in ds.iter_rows():
        yield str(row["shard"]), str(row["payload"]), json.loads(row["stats"])


@dataclass
class Job:
    """What a command hands the engine: its name, the files it reads and how to write a shard."""

    command: str  # "annotate" or "label"
    inputs: list[str]
    outdir: Path
    settings: dict  # recorded in the manifest: a resume must use the same ones
    opts: RayOptions
    worker: type
    worker_kwargs: dict
    write: Callable[[Path, str, str, bool], list[str]]  # (outdir, shard, payload, gzip) -> files written
    prepare: Callable[[Any, Manifest, list[Shard]], dict] | None = None  # extra worker kwargs (label's gazetteer)


def plan(job: Job) -> tuple[list[Shard], Manifest]:
    files = list_files(job.inputs, recursive=job.command == "annotate")
    out = job.outdir.resolve()
    recursive = job.command == "annotate"
    for raw in job.inputs:
        d = Path(raw).resolve()
        if d.is_dir() and (out == d or (recursive and d in out.parents)):
            raise ScaleError(f"output folder {job.outdir} is inside the input folder {raw}: the next run would "
                             "read its shards as input; choose -o outside the input")
    items = list_items(files)
    if not items:
        raise ScaleError("the inputs hold no article (empty JSONL files?)")
    shards = make_shards(items, job.opts.shard_size)
    key = {"command": job.command, "settings": job.settings, "shard_size": job.opts.shard_size,
           "gzip": job.opts.gzip, "input": listing_fingerprint(files, items), "articles": len(items),
           "shards": len(shards)}
    check_output_dir(job.outdir)
    return shards, Manifest.open(job.outdir, key)


def run(job: Job, echo: Callable[[str], None] = print) -> Summary:
    """Complete the job's unfinished shards, then verify the whole output."""
    shards, manifest = plan(job)
    todo = [s for s in shards if not manifest.done(s.name)]
    summary = Summary(shards=len(shards))
    if todo:
        kwargs = dict(job.worker_kwargs)
        crash = os.environ.get(CRASH_ENV)
        if crash:
            kwargs["crash"] = crash
        n_articles = sum(len(s.items) for s in todo)
        from tqdm.auto import tqdm

        with RayCluster(job.opts) as ray:
            if job.prepare is not None:
                kwargs.update(job.prepare(ray, manifest, shards))
            t0 = time.perf_counter()
            with tqdm(total=n_articles, unit="article", desc=f"{job.command} (ray)", disable=not job.opts.progress,
                      smoothing=0.1) as bar:
                for name, payload, stats in map_shards(ray, todo, job.worker, kwargs, job.opts):
                    files = job.write(job.outdir, name, payload, job.opts.gzip)
                    manifest.record(name, {"files": files, **stats})
                    summary.written += 1
                    summary.articles += stats["articles"]
                    summary.chars += stats.get("chars", 0)
                    summary.entities += stats.get("entities", 0)
                    bar.update(stats["articles"] + len(stats.get("skipped", [])))
                    bar.set_postfix_str(f"{summary.chars / max(time.perf_counter() - t0, 1e-9):,.0f} chars/s")
            summary.seconds = time.perf_counter() - t0
    summary.totals = totals(manifest)
    summary.verified = verify(manifest, shards, job.command)
    return summary


def check(job: Job) -> tuple[VerifyResult, int]:
    """``--verify``: the exactly-once check of an output folder against its input, without running."""
    shards, manifest = plan(job)
    if not manifest.path.exists():
        raise ScaleError(f"{job.outdir} has no {manifest.path.name}: nothing was run there with these inputs")
    return verify(manifest, shards, job.command), len(shards)


def totals(manifest: Manifest) -> dict:
    t: dict[str, Any] = {"articles": 0, "chars": 0, "entities": 0, "skipped": []}
    for rec in manifest.shards.values():
        t["articles"] += rec.get("articles", 0)
        t["chars"] += rec.get("chars", 0)
        t["entities"] += rec.get("entities", 0)
        t["skipped"] += rec.get("skipped", [])
        for lab, n in rec.get("entities_by_label", {}).items():
            t.setdefault("entities_by_label", {}).setdefault(lab, 0)
            t["entities_by_label"][lab] += n
        for k in ("paragraphs", "tokens"):
            if k in rec:
                t[k] = t.get(k, 0) + rec[k]
        t.setdefault("without_entities", []).extend(rec.get("without_entities", []))
    return t


# --- the two commands' shard writers and label's first pass -------------------------

def write_annotate(outdir: Path, name: str, payload: str, gz: bool) -> list[str]:
    fname = f"part-{name}.jsonl" + (".gz" if gz else "")
    with atomic_write(outdir / fname, compress=gz) as fh:
        fh.write(payload)
    return [fname]


def write_label(outdir: Path, name: str, payload: str, gz: bool) -> list[str]:
    data = json.loads(payload)
    silver = f"silver-{name}.jsonl" + (".gz" if gz else "")
    conll = f"silver-{name}.conll" + (".gz" if gz else "")
    with atomic_write(outdir / silver, compress=gz) as fh:
        fh.write(data["silver"])
    with atomic_write(outdir / conll, compress=gz) as fh:
        fh.write(data["conll"])
    return [silver, conll]


def gazetteer_pass(worker: type, kwargs: dict, opts: RayOptions, echo: Callable[[str], None]):
    """``label``'s first pass on the cluster: each shard's evidence, merged in shard order
    (the order the single process meets the articles in), then the thresholds; saved as
    ``gazetteer.json`` so a resumed run labels its remaining shards with the same one."""

    def prepare(ray, manifest: Manifest, shards: list[Shard]) -> dict:
        from model.rules.lf_corpus import CorpusGazetteer, lexicon_keys

        path = manifest.path.parent / GAZETTEER
        if path.exists() and manifest.shards:
            entries = json.loads(path.read_text(encoding="utf-8"))["entries"]
            return {"gazetteer": entries}
        from tqdm.auto import tqdm

        parts: dict[str, dict] = {}
        with tqdm(total=len(shards), unit="shard", desc="label pass 1 (ray)", disable=not opts.progress) as bar:
            for name, payload, _ in map_shards(ray, shards, worker, kwargs, opts):
                parts[name] = json.loads(payload)
                bar.update(1)
        merged: dict[str, dict[str, set[str]]] = {}
        for name in sorted(parts):
            for key, by_label in parts[name].items():
                slot = merged.setdefault(key, {})
                for lab, ids in by_label.items():
                    slot.setdefault(lab, set()).update(ids)
        gaz = CorpusGazetteer.from_evidence(merged, lexicon_keys())
        entries = {k: [lab, n] for k, (lab, n) in gaz.entries.items()}
        write_text_atomic(path, json.dumps({"entries": entries}, ensure_ascii=False, indent=0) + "\n")
        echo(f"corpus gazetteer: {len(entries):,} names confirmed in several articles ({path})")
        return {"gazetteer": entries}

    return prepare
