#!/usr/bin/env python3
"""Load benchmark of ``anninh serve`` on 127.0.0.1: requests/s, p50/p99 latency at
concurrency 1, 4 and 16, 1,000 requests at concurrency 8, and the server's memory.

For each backend (the rules, and a model), one ``anninh serve`` subprocess (one worker,
access log off) is started on a free loopback port and warmed up; then each concurrency
level runs for a bounded time with that many client threads, each on its own keep-alive
connection, sending one paragraph of the bundled articles (``data/raw``, cycled) per
request. Every response must be a 200 with an ``entities`` list: any other status, an
exception or a request sent but not answered is counted as failed or lost, and the script
exits 1 if any is. The server's RSS (its process and children) is sampled every 0.25 s for
the whole run: ``RSS start`` after warm-up, ``RSS peak`` over the run, ``RSS end``: flat
means the end is not above the start by more than noise.

    python scripts/bench_serve.py                    # short run: 10 s a level, ~2-3 minutes
    python scripts/bench_serve.py --minutes 5        # the full run: 5 minutes per backend
    python scripts/bench_serve.py --model runs/base/model --hybrid --thousand all

The model is ``--model`` when given, else ``runs/base/model`` when it has been trained
(``train --config configs/base.yaml``), else one the script builds in seconds: the bundled
encoder (train/encoders/anninh-small, 4 x 256) with an untrained classification head and
the base config's text settings (underthesea words, 256-subword windows): the speed and
memory of a model trained from the bundled encoder, with meaningless labels. The table
says which one ran.
"""
from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]
LEVELS = (1, 4, 16)


# ------------------------------------------------------------------ inputs and model
def paragraphs() -> list[str]:
    out = []
    for p in sorted((ROOT / "data" / "raw").glob("*.txt")):
        out += [line.strip() for line in p.read_text(encoding="utf-8").splitlines() if len(line.strip()) > 40]
    return out


def build_bundled_model(dst: Path) -> Path:
    """The bundled encoder under a fresh token-classification head (see the module doc)."""
    import torch
    import transformers
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from model.labels import ID2LABEL, LABEL2ID
    from model.modeldir import ModelMeta, write_meta

    enc = ROOT / "train" / "encoders" / "anninh-small"
    transformers.logging.set_verbosity_error()  # the unused MLM head and the new head are expected
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(str(enc))
    net = AutoModelForTokenClassification.from_pretrained(
        str(enc), num_labels=len(ID2LABEL), id2label=dict(ID2LABEL), label2id=dict(LABEL2ID), use_safetensors=True)
    tok.save_pretrained(str(dst))
    net.save_pretrained(str(dst))
    write_meta(dst, ModelMeta(segmenter="underthesea", max_length=256, stride=32, backbone={
        "requested": "bundled:anninh-small", "used": "bundled:anninh-small", "pretrained": True,
        "note": "classification head untrained: built by scripts/bench_serve.py for speed and memory only"}))
    return dst


def pick_model(arg: str | None, tmp: Path) -> tuple[str, str]:
    """(model directory, how the table names it)."""
    if arg:
        return arg, f"model {arg}"
    trained = ROOT / "runs" / "base" / "model"
    if (trained / "model.safetensors").is_file():
        return str(trained), "model runs/base/model (trained)"
    d = build_bundled_model(tmp / "bundled-untrained")
    return str(d), "bundled encoder, untrained head (no trained model found; built by the bench)"


# ------------------------------------------------------------------ server
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, model: str, hybrid: bool, threads: int | None, log: Path) -> None:
        self.port = free_port()
        args = [sys.executable, "-m", "train.cli", "serve", "--model", model, "--port", str(self.port),
                "--no-access-log", "--queue-size", "64"]
        if hybrid:
            args.append("--hybrid")
        if threads:
            args += ["--threads", str(threads)]
        self._log = log.open("wb")
        self.proc = subprocess.Popen(args, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        self.log = log

    def wait_ready(self, timeout: float = 300) -> None:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"server exited: {self.log.read_text(errors='replace')[-2000:]}")
            try:
                c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                c.request("GET", "/ready")
                if c.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.25)
        raise SystemExit("server not ready in time")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self._log.close()


class RssSampler(threading.Thread):
    """Peak and last RSS of a process and its children, every ``period`` seconds."""

    def __init__(self, pid: int, period: float = 0.25) -> None:
        super().__init__(daemon=True)
        import psutil

        self.proc = psutil.Process(pid)
        self.period = period
        self.samples: list[tuple[float, int]] = []
        self.halt = threading.Event()

    def rss(self) -> int:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total

    def run(self) -> None:
        while not self.halt.is_set():
            self.samples.append((time.monotonic(), self.rss()))
            time.sleep(self.period)


# ------------------------------------------------------------------ load
@dataclass
class Level:
    name: str
    concurrency: int
    latencies: list[float] = field(default_factory=list)
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    chars: int = 0


def run_level(port: int, texts: list[str], level: Level, seconds: float | None, total: int | None) -> Level:
    """``concurrency`` threads; stop after ``seconds`` or once ``total`` requests are sent."""
    lock = threading.Lock()
    counter = iter(range(10**9))
    deadline = time.monotonic() + seconds if seconds else None

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        while True:
            with lock:
                k = next(counter)
                if (total is not None and k >= total) or (deadline and time.monotonic() >= deadline):
                    return
                level.sent += 1
            text = texts[k % len(texts)]
            body = json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/annotate", body, {"Content-Type": "application/json"})
                resp = conn.getresponse()
                raw = resp.read()
                ok = resp.status == 200 and isinstance(json.loads(raw).get("entities"), list)
                why = f"HTTP {resp.status}: {raw[:200]!r}"
            except Exception as exc:  # noqa: BLE001 - every failure is counted, none hidden
                ok, why = False, f"{type(exc).__name__}: {exc}"
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            dt = time.perf_counter() - t0
            with lock:
                if ok:
                    level.latencies.append(dt)
                    level.chars += len(text)
                else:
                    level.failed += 1
                    level.errors.append(why)

    t0 = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(level.concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    level.seconds = time.monotonic() - t0
    return level


def pct(xs: list[float], q: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))]


def bench_backend(label: str, model: str, hybrid: bool, texts: list[str], seconds: float, threads: int | None,
                  tmp: Path, check_1000: bool) -> tuple[list[Level], dict]:
    srv = Server(model, hybrid, threads, tmp / f"serve-{len(label)}-{int(time.time())}.log")
    try:
        t_start = time.monotonic()
        srv.wait_ready()
        load_s = time.monotonic() - t_start
        run_level(srv.port, texts, Level("warm-up", 2), None, 20)
        sampler = RssSampler(srv.proc.pid)
        rss_start = sampler.rss()
        sampler.start()
        levels = []
        for c in LEVELS:
            levels.append(run_level(srv.port, texts, Level(f"c={c}, {seconds:g} s", c), seconds, None))
            print(f"  {label}: concurrency {c}: {len(levels[-1].latencies)} ok, {levels[-1].failed} failed",
                  file=sys.stderr)
        if check_1000:
            levels.append(run_level(srv.port, texts, Level("c=8, 1,000 requests", 8), None, 1000))
            print(f"  {label}: 1,000 at concurrency 8: {len(levels[-1].latencies)} ok", file=sys.stderr)
        sampler.halt.set()
        sampler.join()
        rss_end = sampler.rss()
        samples = [r for _, r in sampler.samples]
        third = max(1, len(samples) // 3)
        mem = {"load_s": load_s, "rss_start": rss_start, "rss_peak": max(samples + [rss_end]), "rss_end": rss_end,
               "first_third_peak": max(samples[:third]), "last_third_peak": max(samples[-third:]),
               "samples": len(samples), "alive": srv.proc.poll() is None}
        return levels, mem
    finally:
        srv.stop()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=None,
                    help="total load time per backend (split over the three levels); default: 10 s a level")
    ap.add_argument("--seconds", type=float, default=10.0, help="seconds per concurrency level (short run)")
    ap.add_argument("--model", default=None, help="model directory (default: runs/base/model, else built)")
    ap.add_argument("--hybrid", action="store_true", help="serve the model with --hybrid")
    ap.add_argument("--threads", type=int, default=1,
                    help="torch threads of the server (default 1: on a small shared CPU, torch's default of one "
                         "thread per core was ten times slower here; 0: torch's default)")
    ap.add_argument("--skip-model", action="store_true", help="the rules only")
    ap.add_argument("--thousand", choices=("rules", "all", "none"), default="rules",
                    help="which backends also get 1,000 requests at concurrency 8 (default: rules; the model "
                         "takes minutes on a small CPU)")
    ap.add_argument("--json", type=Path, default=None, help="also write the numbers here")
    args = ap.parse_args()
    seconds = args.minutes * 60 / len(LEVELS) if args.minutes else args.seconds
    texts = paragraphs()
    mean_chars = statistics.mean(len(t) for t in texts)
    tmp = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    runs = [("rules", "rules", "rules", False)]
    if not args.skip_model:
        model, name = pick_model(args.model, tmp)
        runs.append(("hybrid" if args.hybrid else "model", model, name + (" + rules (hybrid)" if args.hybrid else ""),
                     args.hybrid))
    rows, report, bad = [], [], 0
    for key, model, name, hybrid in runs:
        print(f"{key}: {name}", file=sys.stderr)
        thousand = args.thousand == "all" or (args.thousand == "rules" and key == "rules")
        levels, mem = bench_backend(key, model, hybrid, texts, seconds, args.threads, tmp, check_1000=thousand)
        for lv in levels:
            ok = len(lv.latencies)
            bad += lv.failed + (lv.sent - ok - lv.failed)
            rows.append(f"| {key} | {lv.name} | {ok / lv.seconds:.1f} | {pct(lv.latencies, .5) * 1000:.0f} | "
                        f"{pct(lv.latencies, .99) * 1000:.0f} | {ok}/{lv.sent} | {lv.failed} | {lv.sent - ok - lv.failed} |")
            for e in lv.errors[:3]:
                print(f"  failure: {e}", file=sys.stderr)
        flat = mem["last_third_peak"] <= mem["first_third_peak"] * 1.10 + 20 * 2**20
        report.append((key, name, mem, flat))
        if not mem["alive"]:
            bad += 1
    mb = lambda b: f"{b / 2**20:.0f} MB"  # noqa: E731
    print(f"\nanninh serve on 127.0.0.1, one worker; requests: one paragraph of data/raw each "
          f"({len(texts)} paragraphs, mean {mean_chars:.0f} characters); {seconds:g} s per level; "
          f"torch threads {args.threads or 'default'}; "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
    print("| backend | load | requests/s | p50 ms | p99 ms | answered 200 | failed | lost |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| backend | what ran | load time | RSS after warm-up | RSS peak | RSS at end | peak, first third -> last third | flat |")
    print("|---|---|---|---|---|---|---|---|")
    for key, name, mem, flat in report:
        print(f"| {key} | {name} | {mem['load_s']:.1f} s | {mb(mem['rss_start'])} | {mb(mem['rss_peak'])} | "
              f"{mb(mem['rss_end'])} | {mb(mem['first_third_peak'])} -> {mb(mem['last_third_peak'])} | "
              f"{'yes' if flat else 'NO'} |")
    if args.json:
        args.json.write_text(json.dumps({"rows": rows, "memory": [r[2] for r in report]}, indent=1))
    if bad:
        print(f"\n{bad} request(s) failed or lost", file=sys.stderr)
    return 1 if bad or not all(f for *_, f in report) else 0


if __name__ == "__main__":
    raise SystemExit(main())
