#!/usr/bin/env python3
"""Annotation speed and memory, on the same text, for every backend; prints one table.

Rows: the rule engine, the tiny model, a PhoBERT-base-shape model (random weights: only
speed and memory mean anything for it), underthesea's ``ner()``; a 100 KB and a 1 MB
text through the rules and the tiny model (memory must stay flat: the 1 MB peak may not be
ten times the 100 KB one); torch dynamic int8 quantisation on CPU for the tiny and base
models, with the speed and the F1 change on the gold file.

Each measurement runs in a fresh subprocess, so one backend's peak memory never hides
another's: ``peak RSS`` is sampled every 5 ms during the run, ``Δ RSS`` is that peak minus
the RSS after loading and warm-up, chars/s is the best of ``--repeat`` timed runs (the
machine may be shared), and ``tracemalloc`` (a second, untimed pass) is the
peak of Python allocations only (torch tensors are not counted there).

    python scripts/bench_annotate.py                 # defaults: ~2 to 6 minutes on 2 cores
    python scripts/bench_annotate.py --chars 50000 --base-chars 2000 --skip-big

Input: ``../shared/corpus/general/*.txt`` beside the repository when present (general
news), else ``data/raw``. The tiny model is ``runs/tiny/model`` when it has been trained
(``train --config configs/tiny.yaml``), else a random one built like the tests'. The base
model takes its shape and tokenizer from ``$ANNINH_PHOBERT_DIR`` (or
``../shared/phobert-base``) when present, else from RobertaConfig with PhoBERT-base's
shape and a tiny character tokenizer.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]


# ------------------------------------------------------------------------ inputs
def corpus_files() -> tuple[str, list[Path]]:
    general = ROOT.parent / "shared" / "corpus" / "general"
    files = sorted(general.glob("*.txt")) if general.is_dir() else []
    if files:
        return "../shared/corpus/general", files
    return "data/raw", sorted(p for p in (ROOT / "data" / "raw").glob("*.txt"))


def build_text(files: list[Path], n_chars: int) -> str:
    """Whole articles, cycled if needed, cut at a line end near ``n_chars``."""
    parts, size, k = [], 0, 0
    while size < n_chars:
        t = files[k % len(files)].read_text(encoding="utf-8").strip() + "\n\n"
        parts.append(t)
        size += len(t)
        k += 1
    text = "".join(parts)
    cut = text.rfind("\n", 0, n_chars)
    return text[: cut if cut > n_chars // 2 else n_chars]


# --------------------------------------------------------------------- models
def build_base_shape(dst: Path) -> str:
    """A random PhoBERT-base-shape token classifier directory; returns where the shape came from."""
    import torch
    from transformers import AutoConfig, AutoTokenizer, RobertaConfig, RobertaForTokenClassification

    from model.labels import ID2LABEL, LABEL2ID
    from model.modeldir import ModelMeta, write_meta

    src = os.environ.get("ANNINH_PHOBERT_DIR") or str(ROOT.parent / "shared" / "phobert-base")
    if Path(src, "config.json").is_file() and Path(src, "vocab.txt").is_file():
        tok = AutoTokenizer.from_pretrained(src)
        cfg = AutoConfig.from_pretrained(src, num_labels=len(ID2LABEL), id2label=dict(ID2LABEL), label2id=dict(LABEL2ID))
        origin = f"config+tokenizer of {src}"
    else:
        from tinymodels import write_tiny_phobert_tokenizer

        write_tiny_phobert_tokenizer(dst)
        tok = AutoTokenizer.from_pretrained(str(dst))
        cfg = RobertaConfig(
            vocab_size=64001, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
            intermediate_size=3072, max_position_embeddings=258, pad_token_id=1, bos_token_id=0,
            eos_token_id=2, type_vocab_size=1, id2label=dict(ID2LABEL), label2id=dict(LABEL2ID),
        )
        origin = "RobertaConfig (PhoBERT-base shape) + tiny tokenizer"
    torch.manual_seed(0)
    model = RobertaForTokenClassification(cfg)
    dst.mkdir(parents=True, exist_ok=True)
    tok.save_pretrained(str(dst))
    model.save_pretrained(str(dst))
    write_meta(dst, ModelMeta(segmenter="underthesea", max_length=256, stride=32,
                              backbone={"requested": "bench", "used": origin, "pretrained": False}))
    n = sum(p.numel() for p in model.parameters())
    return f"{origin}, {n / 1e6:.1f}M parameters, random weights"


def tiny_model(work: Path, given: str | None = None) -> tuple[Path, str]:
    if given:
        return Path(given), f"trained {given}"
    trained = ROOT / "runs" / "tiny" / "model"
    if (trained / "model.safetensors").is_file():
        return trained, f"trained {trained.relative_to(ROOT)}"
    from tinymodels import write_tiny_model_dir

    return write_tiny_model_dir(work / "tiny"), "random tiny model (runs/tiny/model not trained)"


# ---------------------------------------------------------------------- worker
class RssSampler:
    def __init__(self, interval: float = 0.005) -> None:
        import psutil

        self.proc = psutil.Process()
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            time.sleep(self.interval)

    def __enter__(self):
        self.peak = self.proc.memory_info().rss
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, self.proc.memory_info().rss)


def make_runner(system: str, model_dir: str | None, quantize: bool, stream: bool):
    """A function text -> number of entities, with everything loaded up front."""
    if system == "rules":
        from model.rules import RuleEngine

        eng = RuleEngine()
        return lambda text: len(eng.annotate(text))
    if system == "underthesea":
        from underthesea import ner

        from model.text.paragraphs import split_paragraphs

        def run(text: str) -> int:
            n = 0
            for p in split_paragraphs(text):
                n += sum(1 for row in ner(p.text) if row[-1].startswith("B-"))
            return n

        return run
    from model.classifier import TokenClassifier

    clf = TokenClassifier(model_dir, device="cpu", quantize=quantize)
    if stream:
        return lambda text: sum(1 for _ in clf.iter_entities(text))
    return lambda text: len(clf.predict(text))


def worker(args) -> None:
    import psutil
    import torch
    import tracemalloc

    torch.set_num_threads(args.threads or max(1, os.cpu_count() or 1))
    text = Path(args.text).read_text(encoding="utf-8")
    try:
        t0 = time.perf_counter()
        run = make_runner(args.worker, args.model, args.quantize, args.stream)
        run("Công an TP.HCM phối hợp với Đại tá Nguyễn Văn A.\n")  # warm-up: lazy loads, caches
        load_s = time.perf_counter() - t0
    except ImportError as exc:
        print(json.dumps({"error": f"not available: {exc}"}))
        return
    rss0 = psutil.Process().memory_info().rss
    times = []
    with RssSampler() as rs:
        for _ in range(max(1, args.repeat)):
            t0 = time.perf_counter()
            n = run(text)
            times.append(time.perf_counter() - t0)
    secs = min(times)  # best of N: the machine is shared, the minimum is the least disturbed
    out = {"chars": len(text), "secs": secs, "entities": n, "load_s": load_s,
           "rss_mb": rs.peak / 2**20, "drss_mb": (rs.peak - rss0) / 2**20}
    if not args.no_tracemalloc:
        tracemalloc.start()
        run(text)
        out["tracemalloc_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    if args.eval_gold:
        from model.annotator import validated
        from model.classifier import TokenClassifier
        from train.evaluation.evaluate import evaluate_annotator
        from train.corpus.gold import load_gold

        gold = load_gold(args.eval_gold)
        clf = TokenClassifier(args.model, device="cpu", quantize=args.quantize)
        res = evaluate_annotator(lambda t: validated(t, clf.predict(t)), gold, name="x")
        out["f1"] = res.report.micro_f1
        out["predictions"] = {f"{d}\t{p}": sp for (d, p), sp in res.predictions.items()}
    print(json.dumps(out))


def spawn(system: str, text: Path, model: Path | None = None, quantize: bool = False, stream: bool = False,
          gold: Path | None = None, tracemalloc: bool = True, repeat: int = 3) -> dict:
    cmd = [sys.executable, __file__, "--worker", system, "--text", str(text), "--repeat", str(repeat),
           "--threads", str(THREADS)]
    if model:
        cmd += ["--model", str(model)]
    if quantize:
        cmd.append("--quantize")
    if stream:
        cmd.append("--stream")
    if not tracemalloc:
        cmd.append("--no-tracemalloc")
    if gold:
        cmd += ["--eval-gold", str(gold)]
    env = dict(os.environ, TRANSFORMERS_VERBOSITY="error", PYTHONWARNINGS="ignore", TQDM_DISABLE="1")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    lines = [ln for ln in p.stdout.splitlines() if ln.startswith("{")]
    if p.returncode or not lines:
        return {"error": (p.stderr.strip().splitlines() or ["failed"])[-1][:120]}
    return json.loads(lines[-1])


THREADS = 0  # set from --threads in main()


def agreement(a: dict, b: dict) -> float:
    """Span-level F1 of one prediction set against another (1.0 = identical)."""
    tp = fp = fn = 0
    for k in set(a) | set(b):
        x, y = set(map(tuple, a.get(k, []))), set(map(tuple, b.get(k, [])))
        tp += len(x & y)
        fp += len(y - x)
        fn += len(x - y)
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


# ------------------------------------------------------------------------ main
def fmt_row(name: str, r: dict, extra: str = "") -> str:
    if "error" in r:
        return f"| {name} | {r['error']} | | | | | | {extra} |"
    tm = f"{r['tracemalloc_mb']:.1f}" if "tracemalloc_mb" in r else "-"
    return (f"| {name} | {r['chars']:,} | {r['chars'] / r['secs']:,.0f} | {r['entities']:,} | "
            f"{r['rss_mb']:.0f} | {r['drss_mb']:.1f} | {tm} | {extra} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--chars", type=int, default=100_000, help="sample size for rules/tiny/underthesea")
    ap.add_argument("--base-chars", type=int, default=4_000, help="sample size for the base-shape model")
    ap.add_argument("--big-mb", type=float, default=1.0, help="size of the flat-memory text")
    ap.add_argument("--skip-base", action="store_true")
    ap.add_argument("--skip-big", action="store_true")
    ap.add_argument("--gold", type=Path, default=ROOT / "data" / "gold" / "seeds.gold.jsonl")
    ap.add_argument("--tiny-model", help="a trained model directory for the tiny rows (default runs/tiny/model)")
    ap.add_argument("--threads", type=int, default=0, help="torch CPU threads in the workers (0: all cores)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per row (best is kept); 1 for the 1 MB rows")
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    ap.add_argument("--text", help=argparse.SUPPRESS)
    ap.add_argument("--model", help=argparse.SUPPRESS)
    ap.add_argument("--quantize", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--stream", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--no-tracemalloc", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--eval-gold", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        return worker(args)

    import shutil

    import torch

    global THREADS
    THREADS = args.threads
    src_name, files = corpus_files()
    work = Path(tempfile.mkdtemp(prefix="bench-annotate-"))
    try:
        run_all(args, work, src_name, files, torch)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_all(args, work: Path, src_name: str, files: list[Path], torch) -> None:
    sample = work / "sample.txt"
    sample.write_text(build_text(files, args.chars), encoding="utf-8")
    base_sample = work / "base.txt"
    base_sample.write_text(build_text(files, args.base_chars), encoding="utf-8")
    tiny, tiny_desc = tiny_model(work, args.tiny_model)
    print(f"input: {src_name} ({len(files)} files); CPU threads: {torch.get_num_threads()}; torch {torch.__version__}",
          file=sys.stderr)
    print(f"tiny model: {tiny_desc}", file=sys.stderr)
    base = work / "base"
    base_desc = "skipped"
    if not args.skip_base:
        print("building the base-shape model ...", file=sys.stderr)
        base_desc = build_base_shape(base)
        print(f"base model: {base_desc}", file=sys.stderr)

    rows: list[str] = []
    head = ("| system | chars | chars/s | entities | peak RSS MB | Δ RSS MB | tracemalloc MB | notes |\n"
            "|---|---:|---:|---:|---:|---:|---:|---|")

    def add(name, r, extra=""):
        rows.append(fmt_row(name, r, extra))
        print(rows[-1], file=sys.stderr)

    print("speed on the same text ...", file=sys.stderr)
    rep = args.repeat
    add("rules", spawn("rules", sample, repeat=rep))
    add("tiny model (fp32)", spawn("model", sample, tiny, repeat=rep), tiny_desc)
    add("underthesea ner()", spawn("underthesea", sample, repeat=rep), "CRF, per paragraph")
    if not args.skip_base:
        add("tiny model on base sample", spawn("model", base_sample, tiny, repeat=rep), "same text as the base row")
        add("rules on base sample", spawn("rules", base_sample, repeat=rep), "same text as the base row")
        add("underthesea on base sample", spawn("underthesea", base_sample, repeat=rep), "same text as the base row")
        add("PhoBERT-base shape (fp32)", spawn("model", base_sample, base, repeat=rep), base_desc)

    if not args.skip_big:
        print("flat memory ...", file=sys.stderr)
        for label, size in (("100 KB", 100_000), (f"{args.big_mb:g} MB", int(args.big_mb * 1_000_000))):
            f = work / f"big-{size}.txt"
            f.write_text(build_text(files, size), encoding="utf-8")
            add(f"rules, {label}", spawn("rules", f, repeat=1))
            add(f"tiny model, {label}", spawn("model", f, tiny, repeat=1), "annotate(): list of entities")
            add(f"tiny model streamed, {label}", spawn("model", f, tiny, stream=True, repeat=1), "iter_entities()")

    print("int8 dynamic quantisation (CPU) ...", file=sys.stderr)
    quant = [("tiny", tiny, sample)] + ([] if args.skip_base else [("PhoBERT-base shape", base, base_sample)])
    qrows = []
    for name, mdir, txt in quant:
        r32 = spawn("model", txt, mdir, gold=args.gold, tracemalloc=False, repeat=args.repeat)
        r8 = spawn("model", txt, mdir, quantize=True, gold=args.gold, tracemalloc=False, repeat=args.repeat)
        if "error" in r32 or "error" in r8:
            qrows.append(f"| {name} | {r32.get('error', '')} {r8.get('error', '')} | | | | | |")
            continue
        s32, s8 = r32["chars"] / r32["secs"], r8["chars"] / r8["secs"]
        qrows.append(
            f"| {name} | {s32:,.0f} | {s8:,.0f} | {s8 / s32:.2f}x | {r32['f1']:.3f} | {r8['f1']:.3f} "
            f"({r8['f1'] - r32['f1']:+.3f}) | {agreement(r32['predictions'], r8['predictions']):.3f} |"
        )
        add(f"{name} int8", r8, "dynamic int8 Linear")

    print()
    print(f"input: {src_name}; tiny: {tiny_desc}; base: {base_desc}; torch threads {args.threads or os.cpu_count()}")
    print()
    print(head)
    print("\n".join(rows))
    print()
    print("| model | fp32 chars/s | int8 chars/s | speed-up | gold micro F1 fp32 | int8 (change) | int8 vs fp32 span agreement |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(qrows))


if __name__ == "__main__":
    main()
