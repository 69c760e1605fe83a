#!/usr/bin/env python3
"""Training speed: end-to-end wall time of a config, and training subwords/s per model shape.

    python scripts/bench_train.py                      # base config end to end + both shapes
    python scripts/bench_train.py --skip-e2e --steps 10
    python scripts/bench_train.py --config configs/tiny.yaml --set training.epochs=2

Prints one Markdown table. The end-to-end run is ``python -m train --config ...`` in a
subprocess (a fresh interpreter, as a user runs it) writing to a temporary output folder;
its target is < 5 minutes for configs/base.yaml on 2 CPU cores, offline (scratch fallback).
The throughput rows time forward + backward + AdamW steps on random windows for the
config's scratch size and for PhoBERT-base's shape (``$ANNINH_PHOBERT_DIR/config.json``
when set, otherwise the built-in copy of it): what one would get per second of training.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# As the train command does (train/cli/train_cmd.py): spinning OpenMP threads are
# pathological on a busy machine. Set before torch is imported.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def e2e(config: str, overrides: list[str]) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        cmd = [sys.executable, "-m", "train", "--config", config, "--output-dir", tmp, "--name", "bench",
               "--set", "training.progress=false"]
        for o in overrides:
            cmd += ["--set", o]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            sys.stderr.write(proc.stderr[-4000:])
            raise SystemExit(f"end-to-end run failed (exit {proc.returncode})")
        m = json.loads((Path(tmp) / "bench" / "model" / "metrics.json").read_text(encoding="utf-8"))
    dev = (m.get("dev") or {}).get("seqeval", {}).get("micro avg", {})
    return {"wall_s": wall, "f1": dev.get("f1-score"), "epochs": m["train"]["epochs"], "steps": m["train"]["global_step"],
            "backbone": m["backbone"]["used"], "tokenizer": m["backbone"]["tokenizer"],
            "train_subwords": m["data"]["encoded"]["train_subwords"]}


def throughput(config, batch: int, seq: int, steps: int, device: str) -> tuple[float, float]:
    """(subwords/s, parameters in millions) for training steps of ``config`` on random windows."""
    import torch
    from transformers import RobertaForTokenClassification

    torch.manual_seed(0)
    model = RobertaForTokenClassification(config).to(device)
    model.train()
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    ids = torch.randint(5, config.vocab_size, (batch, seq), device=device)
    labels = torch.randint(0, config.num_labels, (batch, seq), device=device)
    mask = torch.ones_like(ids)

    def step():
        out = model(input_ids=ids, attention_mask=mask, labels=labels)
        out.loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)

    step()  # warm-up
    if device == "cuda":
        torch.cuda.synchronize()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    if device == "cuda":
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    return batch * seq * steps / dt, sum(p.numel() for p in model.parameters()) / 1e6


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--config", default="configs/base.yaml")
    ap.add_argument("--set", dest="overrides", action="append", default=[], help="override for the end-to-end run")
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seq", type=int, default=64, help="subwords per window (a typical news sentence is 40-70)")
    ap.add_argument("--steps", type=int, default=5, help="timed steps for the scratch size")
    ap.add_argument("--base-steps", type=int, default=2, help="timed steps for PhoBERT-base's shape (slow on CPU)")
    ap.add_argument("--device", default=None, help="cpu or cuda (default: cuda when available)")
    args = ap.parse_args()

    import torch

    from train.training.backbone import ENV_PHOBERT_DIR, PHOBERT_ARCH, scratch_config
    from train.training.config import load_config

    device = args.device or ("cuda" if torch.cuda.is_available() else "cpu")
    cfg = load_config(ROOT / args.config if not Path(args.config).is_absolute() else args.config, args.overrides)
    rows = []
    if not args.skip_e2e:
        r = e2e(args.config, args.overrides)
        rows.append((f"`train --config {args.config}` end to end", f"{r['wall_s']:.1f} s wall",
                     f"{r['backbone']}, {r['tokenizer']}, {r['epochs']:.0f} epochs / {r['steps']} steps, "
                     f"{r['train_subwords']} train subwords/epoch, dev F1 {r['f1']:.3f}" if r['f1'] is not None else ""))

    class _Tok:  # just the sizes scratch_config reads
        def __init__(self, n):
            self.n = n
            self.pad_token_id, self.bos_token_id, self.eos_token_id = 1, 0, 2

        def __len__(self):
            return self.n

    phobert_dir = os.environ.get(ENV_PHOBERT_DIR)
    arch_dir = Path(phobert_dir) if phobert_dir else None
    vocab = PHOBERT_ARCH["vocab_size"] if phobert_dir else cfg.backbone.scratch.vocab_size
    shapes = [("scratch size (" + ("PhoBERT vocab" if phobert_dir else "corpus vocab") + ")",
               scratch_config(cfg.backbone, _Tok(vocab), cfg.data.max_length, arch_dir))]
    from transformers import RobertaConfig

    from model.labels import ID2LABEL, LABEL2ID

    base = dict(PHOBERT_ARCH)
    if arch_dir and (arch_dir / "config.json").is_file():
        base.update({k: v for k, v in json.loads((arch_dir / "config.json").read_text()).items() if k in PHOBERT_ARCH})
    base.pop("model_type")
    shapes.append(("PhoBERT-base shape" + (" (config.json)" if arch_dir else " (built-in)"),
                   RobertaConfig(**base, num_labels=len(ID2LABEL), id2label=ID2LABEL, label2id=LABEL2ID)))
    for (label, conf), steps in zip(shapes, (args.steps, args.base_steps)):
        sps, params = throughput(conf, args.batch, args.seq, steps, device)
        rows.append((f"training step, {label}", f"{sps:,.0f} subwords/s",
                     f"{params:.1f}M params, h{conf.hidden_size} l{conf.num_hidden_layers}, batch {args.batch}x{args.seq}, "
                     f"{steps} steps, {device}"))
    print(f"\n| measurement | result | details |\n|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"\nmachine: {os.cpu_count()} CPU cores, torch {torch.__version__}, threads {torch.get_num_threads()}, "
          f"device {device}, load average {load:.2f} at the end (other work on the machine slows CPU training a lot)")


if __name__ == "__main__":
    main()
