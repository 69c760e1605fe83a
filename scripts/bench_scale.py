#!/usr/bin/env python3
"""``anninh annotate --engine ray``: chars/s with 1 and 2 workers, peak memory per worker,
and Ray's overhead against one plain process on the same input; prints a markdown table.

Input: the first ``--chars`` characters (whole articles) of ``../shared/corpus/news``
(JSONL.gz, 35K articles), written to a temporary JSONL file; without that folder,
``data/raw`` repeated. Rows:

* ``single process``: the same worker class and shards, called in a loop in one Python
  process without Ray (the baseline; its load time is reported apart);
* ``ray, N workers``: the real command in a subprocess, a local cluster of N+1 CPUs
  started and stopped by it. ``chars/s`` is the command's own figure (actor start-up
  included, ``ray.init`` not); ``wall`` is the whole command, cluster start included.

Peak RSS per worker is each actor's ``ru_maxrss``, recorded with every shard in the
manifest, with the actor's CPU time: ``chars per worker CPU-s`` does not depend on how
busy a shared machine is (the actors' CPU includes loading the rules or model; the
single process's does not). The model rows use ``--model DIR``, else a trained ``runs/*/model``, else a
model built from the bundled encoder (train/encoders/anninh-small) with an untrained
head: its speed and memory are those of the bundled model, its entities mean nothing.
Model runs use one torch thread per worker (``--threads 1``) in every row.

    python scripts/bench_scale.py                        # 20M chars of rules, 300K of model
    python scripts/bench_scale.py --chars 2000000 --model-chars 100000
    python scripts/bench_scale.py --skip-model

The machine may be shared: the load average before and after is printed with the table.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "corpus" / "news"

SINGLE = r"""
import json, resource, sys, time
from train.scale.inputs import list_files, list_items, make_shards
from train.scale.workers import AnnotateWorker
path, model, shard_size, threads = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
t0 = time.perf_counter()
w = AnnotateWorker(model, False, 16, int(threads) if threads != "-" else None)
t1 = time.perf_counter()
u = resource.getrusage(resource.RUSAGE_SELF); c1 = u.ru_utime + u.ru_stime
chars = articles = entities = 0
for s in make_shards(list_items(list_files([path], True)), shard_size):
    st = json.loads(w({"shard": [s.name], "spec": [s.spec()]})["stats"][0])
    chars += st["chars"]; articles += st["articles"]; entities += st["entities"]
t2 = time.perf_counter()
u = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"cpu_s": u.ru_utime + u.ru_stime - c1, "load_s": t1 - t0, "proc_s": t2 - t1, "chars": chars, "articles": articles, "entities": entities,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def make_slice(dst: Path, n_chars: int) -> tuple[str, int]:
    """Whole articles up to ``n_chars``; returns where they come from and how many."""
    rows, size = [], 0
    news = sorted(NEWS.glob("*.jsonl.gz")) if NEWS.is_dir() else []
    if news:
        src = "../shared/corpus/news"
        for f in news:
            with gzip.open(f, "rt", encoding="utf-8") as fh:
                for line in fh:
                    obj = json.loads(line)
                    if isinstance(obj.get("text"), str) and obj["text"].strip():
                        rows.append({"id": obj.get("id", len(rows)), "text": obj["text"]})
                        size += len(obj["text"])
                    if size >= n_chars:
                        break
            if size >= n_chars:
                break
    else:
        src = "data/raw (../shared/corpus/news not found), repeated"
        texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "raw").glob("*.txt"))]
        while size < n_chars:
            t = texts[len(rows) % len(texts)]
            rows.append({"id": f"r{len(rows)}", "text": t})
            size += len(t)
    with open(dst, "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return f"{src}: {len(rows):,} articles, {size:,} chars", len(rows)


def model_dir(work: Path, given: str | None) -> tuple[str, str]:
    if given:
        return given, f"given model {given}"
    trained = sorted(p.parent for p in ROOT.glob("runs/*/model/model.safetensors"))
    if trained:
        return str(trained[0]), f"trained {trained[0].relative_to(ROOT)}"
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from model.labels import ID2LABEL, LABEL2ID
    from model.modeldir import ModelMeta, write_meta

    enc, dst = ROOT / "train" / "encoders" / "anninh-small", work / "bundled-untrained"
    AutoTokenizer.from_pretrained(str(enc)).save_pretrained(str(dst))
    m = AutoModelForTokenClassification.from_pretrained(str(enc), num_labels=len(ID2LABEL), id2label=dict(ID2LABEL),
                                                        label2id=dict(LABEL2ID))
    m.save_pretrained(str(dst))
    write_meta(dst, ModelMeta(backbone={"requested": "bundled", "used": "bundled:anninh-small", "pretrained": True}))
    return str(dst), "bundled encoder anninh-small + untrained head (no trained model here: speed and memory only)"


def single(slice_path: Path, model: str, shard_size: int, threads: str) -> dict:
    out = subprocess.run([sys.executable, "-c", SINGLE, str(slice_path), model, str(shard_size), threads],
                         cwd=ROOT, capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"single-process run failed:\n{out.stderr[-3000:]}")
    r = json.loads(out.stdout.strip().splitlines()[-1])
    r["wall_s"] = r["load_s"] + r["proc_s"]
    r["chars_s"] = r["chars"] / r["proc_s"]
    return r


def per_cpu(r: dict) -> str:
    return f"{r['chars'] / r['cpu_s']:,.0f}" if r.get("cpu_s") else ""


def ray_run(slice_path: Path, model: str, workers: int, shard_size: int, threads: str, work: Path) -> dict:
    out_dir = work / f"ray-{Path(model).name}-{workers}"
    cmd = [sys.executable, "-m", "train.cli", "annotate", str(slice_path), "--engine", "ray", "-m", model,
           "-o", str(out_dir), "--num-workers", str(workers), "--shard-size", str(shard_size)]
    if threads != "-":
        cmd += ["--threads", threads]
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"}
    t0 = time.perf_counter()
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if res.returncode:
        sys.exit(f"ray run failed ({' '.join(cmd)}):\n{res.stderr[-3000:]}")
    m = re.search(r"in ([\d.]+) s: ([\d,]+) chars/s", res.stderr)
    if not m or "each exactly once" not in res.stderr:
        sys.exit(f"unexpected output of {' '.join(cmd)}:\n{res.stderr[-3000:]}")
    man = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    peaks: dict[int, float] = {}
    cpu: dict[int, float] = {}
    for rec in man["shards"].values():
        w = rec["worker"]
        peaks[w["pid"]] = max(peaks.get(w["pid"], 0.0), w["peak_rss_mb"])
        cpu[w["pid"]] = max(cpu.get(w["pid"], 0.0), w["cpu_s"])
    return {"wall_s": wall, "proc_s": float(m.group(1)), "chars_s": float(m.group(2).replace(",", "")),
            "chars": sum(r["chars"] for r in man["shards"].values()),
            "entities": sum(r["entities"] for r in man["shards"].values()),
            "peak_rss_mb": max(peaks.values()), "processes": len(peaks), "cpu_s": sum(cpu.values())}


def table(backend: str, base: dict, runs: dict[int, dict]) -> list[str]:
    rows = [f"| {backend} | single process (no Ray) | {base['chars']:,} | {base['wall_s']:.1f} "
            f"(load {base['load_s']:.1f}) | {base['proc_s']:.1f} | {base['chars_s']:,.0f} | {per_cpu(base)} "
            f"| {base['peak_rss_mb']:,.0f} | | |"]
    one = runs.get(1)
    for k, r in sorted(runs.items()):
        speedup = f"{r['chars_s'] / one['chars_s']:.2f}x" if one else ""
        rows.append(f"| {backend} | ray, {k} worker(s) ({r['processes']} process(es)) | {r['chars']:,} "
                    f"| {r['wall_s']:.1f} | {r['proc_s']:.1f} | {r['chars_s']:,.0f} | {per_cpu(r)} | {r['peak_rss_mb']:,.0f} "
                    f"| {speedup} | {r['chars_s'] / base['chars_s']:.2f}x |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=20_000_000, help="rules slice (default 20M chars)")
    ap.add_argument("--model-chars", type=int, default=300_000, help="model slice (the model is ~100x slower)")
    ap.add_argument("--model", help="model directory for the model rows (default: runs/*/model, else bundled+untrained)")
    ap.add_argument("--skip-model", action="store_true")
    ap.add_argument("--workers", default="1,2", help="worker counts (default 1,2)")
    ap.add_argument("--shard-size", type=int, default=200)
    args = ap.parse_args()
    counts = [int(x) for x in args.workers.split(",")]
    load0 = os.getloadavg()
    lines = ["| backend | run | chars | wall s | processing s | chars/s | chars per worker CPU-s "
             "| peak RSS per worker MB | vs 1 worker | vs single |", "|---|---|---|---|---|---|---|---|---|---|"]
    notes = []
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
        work = Path(tmp)
        plan = [("rules", "rules", args.chars, "-")]
        if not args.skip_model:
            mdir, desc = model_dir(work, args.model)
            plan.append(("model", mdir, args.model_chars, "1"))
            notes.append(f"model: {desc}")
        for backend, model, n_chars, threads in plan:
            sl = work / f"slice-{backend}.jsonl"
            desc, n_articles = make_slice(sl, n_chars)
            # at least 4 shards a worker, so every worker has work and a slow last shard weighs little
            shard_size = max(1, min(args.shard_size, n_articles // (4 * max(counts))))
            notes.append(f"{backend} input: {desc}; shards of {shard_size} articles")
            print(f"[{backend}] single process ...", file=sys.stderr, flush=True)
            base = single(sl, model, shard_size, threads)
            runs = {}
            for k in counts:
                print(f"[{backend}] ray, {k} worker(s) ...", file=sys.stderr, flush=True)
                runs[k] = ray_run(sl, model, k, shard_size, threads, work)
                if runs[k]["entities"] != base["entities"]:
                    notes.append(f"WARNING {backend} ray x{k}: {runs[k]['entities']} entities vs {base['entities']}")
            lines += table(backend, base, runs)
    notes.append(f"load average before {load0[0]:.1f}, after {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print("\n".join(lines))
    print()
    print("\n".join(f"- {n}" for n in notes))


if __name__ == "__main__":
    main()
