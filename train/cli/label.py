"""`anninh label`: silver labels for a raw corpus, plus the labeling-function report."""
from __future__ import annotations

import warnings
from pathlib import Path
from typing import Optional

import typer

from ._app import app
from .annotate import Engine


def write_conll(path: Path, lc) -> int:
    """Syllable tokens with IOB2 tags in the project's one CoNLL dialect (:mod:`train.corpus.conll`),
    written atomically; returns the number of tokens."""
    from train.atomic import atomic_write
    from train.corpus.conll import write_document

    with atomic_write(path) as fh:
        return sum(write_document(fh, d.doc_id, d.document.paragraphs, [pl.tags for pl in d.labels])
                   for d in lc.docs)


def _label_ray(input, output, gold, functions, config, aggregation, progress, num_workers, address, shard_size,
              gzip_out, verify) -> int:
    """``--engine ray`` (train/scale/): silver JSONL and CoNLL shards and a manifest in the -o folder."""
    from train.atomic import OutputError
    from train.scale.commands import label_job, run_command
    from train.scale.engine import RayOptions
    from train.scale.manifest import ScaleError

    try:
        if gold is not None:
            raise ScaleError("--gold scores the whole corpus in one process: run it without --engine ray")
        names = [f.strip() for f in functions.split(",") if f.strip()] if functions else None
        opts = RayOptions(num_workers, 0.0, address, shard_size, gzip_out, progress)
        job = label_job(input, output, config, names, aggregation, opts)
        return run_command(job, verify, typer.echo)
    except (ScaleError, OutputError, FileNotFoundError) as exc:
        typer.echo(f"error: {exc}", err=True)
        return 2
    except (KeyError, ValueError) as exc:  # the rule options, as the single-process command reports them
        typer.echo(f"error: {str(exc).strip(chr(39))}", err=True)
        return 2


@app.command("label")
def label_command(
    input: Path = typer.Option(..., "--input", "-i", help="Folder of raw articles (*.txt, UTF-8)."),
    output: Path = typer.Option(..., "--output", "-o", help="Folder for silver.jsonl, silver.conll, report.md/json."),
    gold: Optional[Path] = typer.Option(None, "--gold", "-g", help="Gold JSONL: adds precision/recall per function "
                                        "and the aggregate's seqeval report."),
    functions: Optional[str] = typer.Option(None, "--functions", "-f",
                                            help="Comma-separated labeling functions (default: the default set)."),
    config: Optional[Path] = typer.Option(None, "--config", "-c", help="Rule config YAML (functions, aggregation, "
                                          "prefer, priority, weights)."),
    aggregation: Optional[str] = typer.Option(None, "--aggregation", help="priority, vote or hmm (fitted without labels on this corpus's votes)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local (one process) or ray: silver shards in the "
                                  "-o folder, resumable, on a local Ray cluster or --address (docs/scale.md)."),
    num_workers: int = typer.Option(2, "--num-workers", min=1, help="[ray] actors, each loading the rules once."),
    address: Optional[str] = typer.Option(None, "--address", help="[ray] cluster to join (default: $RAY_ADDRESS, "
                                          "else a local one)."),
    shard_size: int = typer.Option(200, "--shard-size", min=1, help="[ray] articles per output shard."),
    gzip_out: bool = typer.Option(False, "--gzip", help="[ray] write .gz shards."),
    verify: bool = typer.Option(False, "--verify", help="[ray] only check that -o holds every input article exactly once."),
) -> None:
    """Label a corpus with the rules; write silver JSONL (gold format), CoNLL and a report."""
    if engine is Engine.ray:
        raise typer.Exit(_label_ray(input, output, gold, functions, config, aggregation, progress, num_workers,
                                    address, shard_size, gzip_out, verify))
    from model.rules import RuleEngine
    from train.atomic import OutputError, check_output_dir
    from train.corpus.reader import CorpusError, CorpusWarning, read_corpus
    from train.corpus.gold import GoldFormatError, load_gold, write_gold
    from train.corpus.labeling import label_documents
    from train.evaluation.rule_report import build_report

    try:
        kwargs = {}
        if functions:
            kwargs["functions"] = [f.strip() for f in functions.split(",") if f.strip()]
        if aggregation:
            kwargs["aggregation"] = aggregation
        engine = RuleEngine(config=config, **kwargs)
    except (KeyError, ValueError, FileNotFoundError) as exc:
        typer.echo(f"error: {str(exc).strip(chr(39))}", err=True)
        raise typer.Exit(2)
    try:  # before labelling: a typo in -o must not cost the whole corpus run
        check_output_dir(output)
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    gold_paras = None
    if gold is not None:
        try:
            gold_paras = load_gold(gold)
        except (FileNotFoundError, GoldFormatError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)

    def show(message, category, filename, lineno, file=None, line=None):  # one clear line per skipped file
        typer.echo(f"warning: {message}", err=True)

    with warnings.catch_warnings():
        warnings.simplefilter("always", CorpusWarning)
        old = warnings.showwarning
        warnings.showwarning = show
        try:
            corpus = read_corpus(input)
            lc = label_documents(corpus, engine, progress=progress)
        except CorpusError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2)
        finally:
            warnings.showwarning = old
    report = build_report(lc, gold_paras, str(gold) if gold else None)
    try:  # each file atomically: an interrupted run leaves the previous outputs whole
        write_gold(output / "silver.jsonl", lc.silver)
        n_tokens = write_conll(output / "silver.conll", lc)
        md, js = report.write(output)
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    c = lc.counts
    typer.echo(f"labelled {c['documents']} documents ({c['characters']:,} characters, {c['paragraphs']:,} paragraphs): "
               f"{c['entities']:,} entities " + ", ".join(f"{k} {v:,}" for k, v in c["entities_by_label"].items()))
    if lc.skipped:
        typer.echo(f"skipped {len(lc.skipped)} file(s): " + "; ".join(f"{Path(p).name} ({r.split(';')[0]})"
                                                                      for p, r in lc.skipped))
    if c["documents_without_entities"]:
        names = lc.docs_without_entities
        typer.echo(f"{len(names)} document(s) without any entity: " + ", ".join(names[:10])
                   + (" ..." if len(names) > 10 else ""))
    if lc.ignored:
        typer.echo(f"ignored {len(lc.ignored)} file(s) that are not *.txt: "
                   + ", ".join(Path(p).name for p in lc.ignored[:10]))
    typer.echo(f"wrote {output / 'silver.jsonl'}, {output / 'silver.conll'} ({n_tokens:,} tokens), {md}, {js}")
    if gold_paras is not None:
        score = report.data["gold"]["aggregate"]["seqeval"]
        typer.echo(f"aggregate vs gold: micro F1 {score['micro avg']['f1-score']:.3f} ("
                   + ", ".join(f"{lab} {score[lab]['f1-score']:.3f}" for lab in ("AGENCY", "RANK", "PERSON", "LOCATION"))
                   + ")")
