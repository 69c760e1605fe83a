"""The learning curve of strong + weak training: F1 against the number of reviewed articles.

For each seed's silver model (``configs/corpus.yaml``) and each point (0, 12, 25, 50, all
reviewed articles) this trains ``configs/reviewed.yaml`` with ``data.reviewed.max_articles``
set (point 0 is the silver model itself), then scores the model, its hybrid with the rules
and the rules alone on each evaluation set with ``anninh evaluate``. It writes a Markdown
table, the numbers as JSON and a PNG plot (matplotlib). Runs already trained are reused, so
an interrupted curve goes on where it stopped.

    python scripts/learning_curve.py \\
        --silver 42=runs/corpus-s42/model --silver 7=runs/corpus-s7/model \\
        --corpus ../shared/corpus/police --dev ../shared/gold/dev-police.gold.jsonl \\
        --eval news-i --eval dev-police --out docs/img/learning-curve

The subsets are nested (the first 12 articles are among the first 25) and the same for
every seed (``train.training.reviewed.article_order``).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Point:
    seed: int
    articles: int  # reviewed articles trained on (-1 for the rules)
    gold_set: str
    system: str  # model | hybrid | rules
    f1: float
    minutes: float = 0.0  # training time of this point's model (0 for the silver model and the rules)


def anninh(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from train.cli import main; main()", *args], cwd=ROOT,
                          capture_output=True, text=True)


def micro_f1(report: dict) -> float:
    return float(report["seqeval"]["micro avg"]["f1-score"])


def evaluate(systems: list[str], gold: str) -> dict[str, float]:
    """Micro F1 of each system (a model folder, ``hybrid:DIR`` or ``rules``) on ``gold``."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.json"
        args = ["evaluate", "-g", gold, "--json", str(out)]
        for s in systems:
            args += ["-m", s]
        r = anninh(*args)
        if r.returncode != 0:
            raise SystemExit(f"anninh evaluate failed on {gold}:\n{r.stderr[-3000:]}")
        reports = json.loads(out.read_text(encoding="utf-8"))
    return {k: micro_f1(v) for k, v in reports.items()}


def reviewed_articles(model: Path) -> int:
    """How many reviewed articles the model in ``model`` learnt from (its metrics.json)."""
    metrics = json.loads((model / "metrics.json").read_text(encoding="utf-8"))
    return int((metrics["data"].get("reviewed") or {}).get("articles", 0))


def train_point(config: str, silver: str, seed: int, n: int | None, args) -> tuple[Path, float]:
    """The model of one point, trained unless its folder already holds one."""
    name = f"curve-s{seed}-n{'all' if n is None else n}"
    model = Path(args.runs) / name / "model"
    if (model / "anninh.json").is_file():
        return model, 0.0
    sets = "[" + ", ".join(args.reviewed) + "]" if args.reviewed else None
    cmd = ["train", "--config", config, "--name", name, "--output-dir", args.runs, "--overwrite",
           "--set", f"backbone.init_from={silver}", "--set", f"training.seed={seed}",
           "--set", f"data.reviewed.max_articles={'null' if n is None else n}",
           "--set", f"data.corpus={args.corpus}", "--set", f"data.dev_file={args.dev}"]
    if sets:
        cmd += ["--set", f"data.reviewed.sets={sets}"]
    for extra in args.set or []:
        cmd += ["--set", extra]
    t0 = time.time()
    print(f"training {name} ...", file=sys.stderr, flush=True)
    r = anninh(*cmd)
    if r.returncode != 0:
        raise SystemExit(f"training {name} failed:\n{r.stderr[-3000:]}")
    return model, (time.time() - t0) / 60


def table(points: list[Point], gold_sets: list[str]) -> str:
    """Markdown: one row per number of reviewed articles, model and hybrid as the mean of the
    seeds (each seed in brackets), then the rules, a flat line."""
    seeds = sorted({p.seed for p in points if p.system != "rules"})
    counts = sorted({p.articles for p in points if p.system != "rules"})
    head = ["reviewed articles"] + [f"{sys_}, {g}" for g in gold_sets for sys_ in ("model", "hybrid")]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for a in counts:
        row = [str(a)]
        for g in gold_sets:
            for sys_ in ("model", "hybrid"):
                vals = [p.f1 for s in seeds for p in points
                        if p.seed == s and p.articles == a and p.gold_set == g and p.system == sys_]
                row.append(f"{statistics.mean(vals):.3f} ({' / '.join(f'{v:.3f}' for v in vals)})" if vals else "")
        lines.append("| " + " | ".join(row) + " |")
    rules = {p.gold_set: p.f1 for p in points if p.system == "rules"}
    row = ["rules"] + [c for g in gold_sets for c in (f"{rules[g]:.3f}" if g in rules else "", "")]
    lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + f"\n\nModel and hybrid: mean of seeds {', '.join(map(str, seeds))} (each seed in brackets).\n"


def plot(points: list[Point], gold_sets: list[str], path: Path) -> Path:
    """One panel per gold set: model and hybrid (mean of the seeds, each seed as a dot)
    against the reviewed articles, the rules as a flat dashed line."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(gold_sets), figsize=(5.5 * len(gold_sets), 4), squeeze=False)
    for ax, g in zip(axes[0], gold_sets):
        for sys_, colour in (("model", "tab:blue"), ("hybrid", "tab:orange")):
            pts = [p for p in points if p.gold_set == g and p.system == sys_]
            xs = sorted({p.articles for p in pts})
            means = [statistics.mean(p.f1 for p in pts if p.articles == x) for x in xs]
            ax.plot(xs, means, "-o", color=colour, label=f"{sys_} (mean of seeds)")
            ax.scatter([p.articles for p in pts], [p.f1 for p in pts], color=colour, alpha=0.35, s=14)
        rules = [p.f1 for p in points if p.gold_set == g and p.system == "rules"]
        if rules:
            ax.axhline(rules[0], color="tab:gray", linestyle="--", label="rules")
        ax.set_title(g)
        ax.set_xlabel("reviewed articles trained on")
        ax.set_ylabel("micro F1 (seqeval, strict)")
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--silver", action="append", required=True, help="SEED=MODEL_DIR, the silver model of that seed")
    ap.add_argument("--config", default="configs/reviewed.yaml")
    ap.add_argument("--corpus", required=True, help="the silver corpus (the silver models' data.corpus)")
    ap.add_argument("--dev", required=True, help="the dev gold that chooses checkpoints")
    ap.add_argument("--reviewed", action="append", help="reviewed sets (default: the config's)")
    ap.add_argument("--points", default="0,12,25,50,all")
    ap.add_argument("--eval", action="append", required=True, help="gold set (name or JSONL) to score on")
    ap.add_argument("--runs", default="runs/curve")
    ap.add_argument("--set", action="append", help="extra --set for every training run")
    ap.add_argument("--out", default="docs/img/learning-curve", help="writes OUT.md, OUT.json and OUT.png")
    args = ap.parse_args(argv)
    silvers = dict(s.split("=", 1) for s in args.silver)
    wanted = [None if p == "all" else int(p) for p in args.points.split(",")]
    points: list[Point] = []
    for g in args.eval:
        points.append(Point(0, -1, g, "rules", evaluate(["rules"], g)["rules"]))
    for seed_txt, silver in silvers.items():
        seed = int(seed_txt)
        for n in wanted:
            model, minutes = (Path(silver), 0.0) if n == 0 else train_point(args.config, silver, seed, n, args)
            label = 0 if n == 0 else reviewed_articles(model)
            for g in args.eval:
                scores = evaluate([str(model), f"hybrid:{model}"], g)
                points.append(Point(seed, label, g, "model", scores[str(model)], minutes))
                points.append(Point(seed, label, g, "hybrid", scores[f"hybrid:{model}"], minutes))
                print(f"seed {seed}, {label} reviewed, {g}: model {scores[str(model)]:.3f}, "
                      f"hybrid {scores[f'hybrid:{model}']:.3f}", file=sys.stderr, flush=True)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    md = table(points, args.eval)
    out.with_suffix(".md").write_text(md, encoding="utf-8")
    out.with_suffix(".json").write_text(json.dumps([asdict(p) for p in points], indent=1) + "\n", encoding="utf-8")
    plot(points, args.eval, out.with_suffix(".png"))
    print(md)
    return 0


if __name__ == "__main__":
    sys.exit(main())
