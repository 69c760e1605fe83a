"""``anninh annotate --engine ray`` and ``anninh label --engine ray``: the jobs they run
and the lines they print (the CLI modules only hand their options over)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from .engine import Job, RayOptions, Summary, check, gazetteer_pass, require_ray, run, write_annotate, write_label
from .manifest import ScaleError
from .workers import AnnotateWorker, EvidenceWorker, LabelWorker


def annotate_job(inputs: list[str], outdir: Path, model: str | None, hybrid: bool, batch_size: int,
                 threads: int | None, opts: RayOptions) -> Job:
    from model.annotator import resolve_model

    spec = resolve_model(model)
    if spec != "rules":
        from model.modeldir import read_meta

        spec = str(Path(spec).resolve())
        read_meta(spec)  # a wrong -m fails here, in one line, not in every actor
    settings = {"model": spec, "hybrid": hybrid}
    return Job("annotate", inputs, outdir, settings, opts, AnnotateWorker,
               {"model": spec, "hybrid": hybrid, "batch_size": batch_size, "threads": threads}, write_annotate)


def label_job(input: Path, outdir: Path, config: Path | None, functions: list[str] | None,
              aggregation: str | None, opts: RayOptions) -> Job:
    """Checks the rule options in the driver first (a typo fails before Ray starts)."""
    from model.rules import RuleEngine

    kwargs = {"config": str(config) if config else None, "functions": functions, "aggregation": aggregation}
    engine = RuleEngine(config=config, **{k: v for k, v in kwargs.items() if k != "config" and v})
    if engine.aggregation == "hmm":
        raise ScaleError("--aggregation hmm is fitted on the whole corpus in one process and is not available "
                         "with --engine ray; use priority or vote, or run without --engine ray")
    cfg_text = Path(config).read_text(encoding="utf-8") if config else None
    settings = {"config": cfg_text, "functions": engine.names, "aggregation": engine.aggregation}
    prepare = None
    if "corpus_gazetteer" in engine.names:
        prepare = gazetteer_pass(EvidenceWorker, dict(kwargs), opts, print)
    return Job("label", [str(input)], outdir, settings, opts, LabelWorker, {**kwargs, "gazetteer": None},
               write_label, prepare)


def report(job: Job, s: Summary, echo: Callable[[str], None]) -> int:
    """The summary lines; the exit status (1 when the verify pass finds a problem)."""
    t = s.totals
    verb = "annotated" if job.command == "annotate" else "labelled"
    if s.written:
        echo(f"{verb} {s.articles:,} articles ({s.chars:,} chars, {s.entities:,} entities) in {s.seconds:.1f} s: "
             f"{s.chars_per_s:,.0f} chars/s with {job.opts.num_workers} worker(s); "
             f"{s.written} of {s.shards} shards written now")
    else:
        echo(f"nothing to do: all {s.shards} shards in {job.outdir} are finished")
    by = t.get("entities_by_label")
    echo(f"output {job.outdir}: {t['articles']:,} articles, {t['chars']:,} chars, {t['entities']:,} entities"
         + (" (" + ", ".join(f"{k} {v:,}" for k, v in by.items()) + ")" if by else ""))
    if t["skipped"]:
        echo(f"skipped {len(t['skipped'])} input(s): " + "; ".join(f"{w} ({r})" for w, r in t["skipped"][:5])
             + (" ..." if len(t["skipped"]) > 5 else ""))
    assert s.verified is not None
    echo(s.verified.message(s.shards))
    return 0 if s.verified.ok else 1


def run_command(job: Job, verify_only: bool, echo: Callable[[str], None]) -> int:
    if verify_only:
        res, n = check(job)
        echo(res.message(n))
        return 0 if res.ok else 1
    ray = require_ray()
    try:
        summary = run(job, echo)
    except ray.exceptions.RayError as exc:  # a worker raised (a bad article, a model error), not just died
        first = str(exc).strip().splitlines()
        raise ScaleError(f"a worker failed: {first[-1] if first else type(exc).__name__}; the finished shards are "
                         "kept in the manifest: fix the cause and run the same command to resume") from None
    return report(job, summary, echo)
