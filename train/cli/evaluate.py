"""`anninh evaluate`: score one or more systems on a gold file, side by side."""
from __future__ import annotations

import json
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


@app.command("evaluate")
def evaluate_command(
    model: List[str] = typer.Option(
        ..., "--model", "-m",
        help="Model directory, 'rules' or 'hybrid:DIR' (DIR combined with the rules by model/hybrid.yaml); "
             "repeat for several systems side by side.",
    ),
    gold: Optional[Path] = typer.Option(None, "--gold", "-g", help="Gold JSONL file, or the name of a gold set "
                                        "(seeds, invented, dev-police, news-a ... news-ah, police-a ... police-x; all "
                                        "but the first two need ../shared). Default: dev-police when it exists, else seeds."),
    errors: Optional[Path] = typer.Option(
        None, "--errors", help="Write false positives/negatives with context (.jsonl, else TSV)."
    ),
    hybrid: bool = typer.Option(False, "--hybrid", help="Evaluate every model directory as its hybrid with the rules (model/hybrid.yaml)."),
    json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the full reports as JSON."),
    batch_size: int = typer.Option(16, "--batch-size", min=1, help="Windows per forward pass."),
) -> None:
    """seqeval (strict IOB2) per type with micro/macro averages, and exact-span F1."""
    from model.modeldir import ModelDirError
    from train.atomic import OutputError, check_output_file, write_text_atomic
    from train.evaluation.evaluate import comparison_table, evaluate_systems, write_errors
    from train.corpus.gold import GoldFormatError, load_gold

    if gold is None:
        from train.evaluation.gold_sets import default_gold

        gold = default_gold()
    elif not gold.exists() and gold.suffix == "" and len(gold.parts) == 1:
        from train.evaluation.gold_sets import gold_sets

        sets = gold_sets()
        if str(gold) not in sets:
            typer.echo(f"error: no gold file or gold set {str(gold)!r}; gold sets here: {', '.join(sets)}", err=True)
            raise typer.Exit(2)
        gold = sets[str(gold)]
    try:
        gold_paras = load_gold(gold)
        # Output paths are checked before minutes of annotation, not after.
        for path, what in ((errors, "--errors file"), (json_out, "--json file")):
            if path is not None:  # a missing folder is refused like every command's output (a typo)
                check_output_file(path, [gold], what=what)
    except (FileNotFoundError, GoldFormatError, OutputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    names: dict[str, str] = {}
    for m in model:
        name = m if m not in names else f"{m} #{len(names) + 1}"
        names[name] = m
    # One system at a time: a broken model directory among several is skipped and named,
    # and the others are still scored side by side.
    results, failed = {}, []
    for name, spec in names.items():
        try:
            results.update(evaluate_systems({name: spec}, gold_paras, hybrid=hybrid, batch_size=batch_size,
                                            progress=True))
        except (ModelDirError, ImportError) as exc:
            failed.append(name)
            typer.echo(f"{'warning: skipped' if len(names) > 1 else 'error:'} {exc}", err=True)
    if not results:
        if len(names) > 1:
            typer.echo(f"error: none of the {len(names)} systems could be loaded", err=True)
        raise typer.Exit(2)
    if failed:
        typer.echo(f"skipped {len(failed)} of {len(names)} system(s): {', '.join(failed)}", err=True)
    typer.echo(f"{gold}: {len(gold_paras)} paragraphs, "
               f"{sum(len(g.entities) for g in gold_paras)} gold entities\n")
    typer.echo(comparison_table(results))
    try:
        if errors is not None:
            n = write_errors(errors, results, gold_paras)
            typer.echo(f"wrote {n} false positives/negatives to {errors}")
        if json_out is not None:
            write_text_atomic(json_out, json.dumps({k: r.report.as_dict() for k, r in results.items()},
                                                   ensure_ascii=False, indent=2) + "\n")
            typer.echo(f"wrote reports to {json_out}")
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
