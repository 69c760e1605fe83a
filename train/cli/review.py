"""`anninh review export|import`: the human review loop with Label Studio or doccano."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Optional

import typer

from ._app import GuardedTyper, app

review_app = GuardedTyper(
    help="Review loop: export paragraphs with pre-annotations to Label Studio/doccano, import reviewed gold.",
    no_args_is_help=True,
)
app.add_typer(review_app, name="review")


class Tool(str, Enum):
    labelstudio = "labelstudio"
    doccano = "doccano"


class Select(str, Enum):
    all = "all"
    disagreement = "disagreement"
    uncertain = "uncertain"
    random = "random"


class Show(str, Enum):
    auto = "auto"
    rules = "rules"
    model = "model"
    both = "both"


def _fail(msg: str) -> None:
    typer.echo(f"error: {msg}", err=True)
    raise typer.Exit(2)


def sidecar(output: Path, suffix: str) -> Path:
    """``tasks.json`` -> ``tasks.config.xml``: the files that go with an export sit beside it."""
    return output.with_name(output.name.split(".")[0] + suffix)


@review_app.command("export")
def export_command(
    source: Path = typer.Argument(..., help="Corpus folder (*.txt), one .txt article, or a gold .jsonl file."),
    output: Path = typer.Option(..., "--output", "-o", help="Tasks file to write (Label Studio JSON, doccano JSONL)."),
    model: Optional[Path] = typer.Option(None, "--model", "-m", help="Trained model directory: its spans as "
                                         "predictions; needed by --select disagreement|uncertain."),
    select: Select = typer.Option(Select.all, "--select", "-s", help="all, disagreement (rules vs model), "
                                  "uncertain (lowest model margin) or random."),
    n: int = typer.Option(200, "-n", "--limit", min=1, help="At most this many paragraphs (not with --select all)."),
    seed: int = typer.Option(0, "--seed", help="Seed for random selection and tie-breaks (same seed, same tasks)."),
    show: Show = typer.Option(Show.auto, "--predictions", help="Pre-annotations: rules, model, both, or auto "
                              "(model when --model is given, else rules)."),
    fmt: Tool = typer.Option(Tool.labelstudio, "--format", "-f", help="labelstudio or doccano."),
    keep_boilerplate: bool = typer.Option(False, "--keep-boilerplate", help="Corpus input: also export captions, "
                                          "file names and other boilerplate paragraphs."),
) -> None:
    """Write review tasks: one paragraph a task, with pre-annotations and, for a gold file, its own spans."""
    from model.annotator import Annotator
    from model.modeldir import ModelDirError
    from train.corpus.reader import CorpusError
    from train.corpus.gold import GoldFormatError

    from train.review import doccano, labelstudio, select as sel
    from train.atomic import OutputError, check_output_file, write_text_atomic
    from train.review.items import ClassifierAnnotator, add_predictions, load_items, model_name, rules_name

    if select in (Select.disagreement, Select.uncertain) and model is None:
        _fail(f"--select {select.value} needs --model DIR (a trained model directory)")
    if show in (Show.model, Show.both) and model is None:
        _fail(f"--predictions {show.value} needs --model DIR")
    # Before any work: neither the tasks file nor its sidecar may be the source (it would be
    # destroyed), and a bad path costs one line, not minutes of annotation.
    side = sidecar(output, ".config.xml" if fmt is Tool.labelstudio else ".labels.json")
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        for path, what in ((output, "tasks file"), (side, "sidecar file")):
            check_output_file(path, [source], what=what)
    except OutputError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot create the folder of {output}: {exc.strerror or exc}")
    try:
        items = load_items(source, skip_boilerplate=not keep_boilerplate)
    except (FileNotFoundError, GoldFormatError, CorpusError, ValueError) as exc:
        _fail(str(exc))
    if not items:
        _fail(f"{source}: no paragraphs to review")
    rules, mname = rules_name(), None
    if show is Show.auto:
        show = Show.model if model is not None else Show.rules
    need_rules = show in (Show.rules, Show.both) or select is Select.disagreement
    need_model = show in (Show.model, Show.both) or select is Select.disagreement
    clf_annotator = None
    if model is not None:
        from model.classifier import TokenClassifier

        try:
            clf_annotator = ClassifierAnnotator(TokenClassifier(str(model)))
        except (FileNotFoundError, ModelDirError, ImportError, ValueError) as exc:
            _fail(str(exc))
        mname = model_name(model)
    if need_rules:
        add_predictions(items, Annotator("rules"), rules)
    if need_model and clf_annotator is not None:
        add_predictions(items, clf_annotator, mname)
    total = len(items)
    if select is Select.random:
        items = sel.select_random(items, n, seed)
    elif select is Select.disagreement:
        picked = sel.select_disagreement(items, rules, mname, n, seed)
        typer.echo(f"rules and {mname} disagree on {sum(1 for it in items if it.select_score)} of {total} paragraph(s)")
        items = picked
    elif select is Select.uncertain:
        from train.review.margins import word_margins

        items = sel.select_uncertain(items, word_margins(clf_annotator.classifier, [it.text for it in items]), n, seed)
    systems = {Show.rules: [rules], Show.model: [mname], Show.both: [rules, mname]}[show]
    try:
        if fmt is Tool.labelstudio:
            tasks = labelstudio.to_tasks(items, systems)
            config = side
            write_text_atomic(output, labelstudio.dumps(tasks))
            write_text_atomic(config, labelstudio.label_config())
            extra = f"; labelling config {config} (Settings > Labeling Interface > Code)"
        else:
            import json

            write_text_atomic(output, doccano.dumps(doccano.to_records(items, systems[0])))
            labels = side
            write_text_atomic(labels, json.dumps(doccano.label_types(), ensure_ascii=False, indent=1) + "\n")
            extra = f"; label types {labels}"
    except OutputError as exc:
        _fail(str(exc))
    n_gold = sum(1 for it in items if it.gold is not None)
    typer.echo(f"wrote {len(items)} task(s) of {total} paragraph(s) ({select.value}"
               + (f", seed {seed}" if select is not Select.all else "") + f") to {output}"
               + (f", {n_gold} with gold annotations" if n_gold else "")
               + f"; predictions: {', '.join(systems)}{extra}")


@review_app.command("import")
def import_command(
    export: Path = typer.Argument(..., help="The tool's export: Label Studio JSON, or doccano JSONL with --format doccano."),
    output: Path = typer.Option(..., "--output", "-o", help="Gold JSONL to write (e.g. data/gold/reviewed.gold.jsonl)."),
    fmt: Tool = typer.Option(Tool.labelstudio, "--format", "-f", help="labelstudio or doccano."),
    utf16: bool = typer.Option(False, "--utf16-offsets", help="Read offsets as UTF-16 code units (browser tools "
                               "that counted an emoji as two); only when the error message suggests it."),
    skip_unlabelled: bool = typer.Option(False, "--skip-unlabelled", help="Label Studio: leave out (and count) "
                                         "annotations with no result list instead of refusing the export; an "
                                         "empty list is always read as 'no entities'."),
) -> None:
    """Turn a reviewed export into gold JSONL; every span is checked against its text, nothing is written on error."""
    from train.review import doccano, labelstudio
    from train.atomic import OutputError, check_output_file
    from train.corpus.gold import write_gold
    from train.review.spans import ReviewImportError

    try:  # an output that is the export itself would destroy it; a missing folder is a typo
        check_output_file(output, [export], what="gold file")
    except OutputError as exc:
        _fail(str(exc))
    try:
        if fmt is Tool.labelstudio:
            paras, problems, stats = labelstudio.load_export(export, utf16=utf16, skip_unlabelled=skip_unlabelled)
        else:
            paras, problems, stats = doccano.load_export(export, utf16=utf16)
    except (FileNotFoundError, ReviewImportError) as exc:
        _fail(str(exc))
    for w in problems.warnings:
        typer.echo(f"warning: {w}", err=True)
    if not paras:
        _fail(f"{export}: none of its {stats['tasks']} task(s) has an annotation; nothing to import "
              "(annotate in the tool, then export again)")
    try:
        write_gold(output, paras)  # atomic: an old file stays as it was on any failure
    except OutputError as exc:
        _fail(str(exc))
    typer.echo(f"wrote {len(paras)} reviewed paragraph(s), {stats['entities']} entities, to {output}"
               + (f"; {stats['unannotated']} unannotated task(s) left out" if stats["unannotated"] else "")
               + (f"; {stats['unlabelled']} task(s) without a result left out (--skip-unlabelled)"
                  if stats.get("unlabelled") else ""))
