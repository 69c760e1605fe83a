#!/usr/bin/env python3
"""Peak memory of the rules backend on a long text: paragraph windows vs the whole text.

    python scripts/bench_rules_memory.py [--mb 1 5] [--whole-mb 1] [--corpus DIR]

The text is news articles from the corpus, concatenated (blank line between articles)
until it reaches the size. Each measurement runs in a fresh Python process, so the peak
resident set (``ru_maxrss``) belongs to that one call of ``Annotator("rules").annotate``;
"base" is the peak before the call (interpreter, rule engine, the text itself).
"windows" is the annotator as shipped (``RULES_WINDOW_CHARS`` per window); "whole" hands
the engine the entire text at once, as before issue 10.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "police"


def build_text(corpus: Path, n_chars: int) -> str:
    files = sorted(corpus.rglob("*.txt")) or sorted((ROOT / "data" / "raw").glob("*.txt"))
    if not files:
        raise SystemExit(f"no .txt articles under {corpus} or data/raw")
    parts, total, i = [], 0, 0
    while total < n_chars:
        t = files[i % len(files)].read_text(encoding="utf-8", errors="replace").strip()
        parts.append(t)
        total += len(t) + 2
        i += 1
    return "\n\n".join(parts)[:n_chars]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(corpus: Path, n_chars: int, mode: str) -> None:
    import model.annotator as annotator_mod
    from model.annotator import Annotator

    if mode == "whole":
        annotator_mod.RULES_WINDOW_CHARS = 10**12
    ann = Annotator("rules")
    ann.annotate("Đại tá Nguyễn Văn A, Công an tỉnh Nghệ An.")  # warm-up: lexicons loaded
    text = build_text(corpus, n_chars)
    base = peak_mb()
    t0 = time.perf_counter()
    ents = ann.annotate(text)
    secs = time.perf_counter() - t0
    print(json.dumps({"chars": len(text), "base": base, "peak": peak_mb(), "secs": secs, "entities": len(ents),
                      "window": annotator_mod.RULES_WINDOW_CHARS}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, nargs="+", default=[1, 5], help="text sizes (millions of characters), windowed")
    ap.add_argument("--whole-mb", type=float, nargs="*", default=[1], help="sizes also run as one whole text")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--child", nargs=2, metavar=("CHARS", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.corpus, int(args.child[0]), args.child[1])
        return
    runs = [(mb, "windows") for mb in args.mb] + [(mb, "whole") for mb in args.whole_mb]
    print("| mode | text (M chars) | window (chars) | entities | seconds | chars/s | base MB | peak MB | peak - base MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for mb, mode in sorted(runs, key=lambda r: (r[1], r[0])):
        out = subprocess.run([sys.executable, __file__, "--corpus", str(args.corpus), "--child",
                              str(int(mb * 1_000_000)), mode], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        window = "whole text" if mode == "whole" else f"{r['window']:,}"
        print(f"| {mode} | {r['chars'] / 1e6:.1f} | {window} | {r['entities']:,} | {r['secs']:.1f} | "
              f"{r['chars'] / r['secs']:,.0f} | {r['base']:.0f} | {r['peak']:.0f} | {r['peak'] - r['base']:.0f} |")


if __name__ == "__main__":
    main()
