"""`anninh pretrain`: masked-LM pretraining of the encoder (see train/training/pretrain.py)."""
from __future__ import annotations

import os
from typing import List, Optional

import typer

from ._app import app, run_overrides
from ._exits import EXIT_INTERRUPTED, interrupted_message, was_interrupted


@app.command("pretrain")
def pretrain_command(
    config: str = typer.Option(..., "--config", "-c", help="YAML config, e.g. configs/pretrain.yaml (configs/pretrain-tiny.yaml for a quick check)."),
    set_: Optional[List[str]] = typer.Option(None, "--set", "-s", help="Dotted override, repeatable: --set training.max_steps=2000 --set data.corpus=PATH"),
    name: Optional[str] = typer.Option(None, "--name", help="Run name: the run goes to <output_dir>/<name>/."),
    output_dir: Optional[str] = typer.Option(None, "--output-dir", help="Parent folder of runs (default runs/)."),
    resume: bool = typer.Option(False, "--resume", help="Continue from the run's last checkpoint (same config; max_steps/epochs may grow)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Start again; the old run is moved aside, not deleted."),
    print_config: bool = typer.Option(False, "--print-config", help="Print the resolved config and exit."),
) -> None:
    """Pretrain a PhoBERT-architecture encoder on raw text; writes <output_dir>/<name>/encoder/ (backbone.name accepts it)."""
    from train.training.config import ConfigError
    from train.training.pretrain_config import load_pretrain_config

    overrides = run_overrides(set_, name, output_dir)
    try:
        cfg = load_pretrain_config(config, overrides)
    except ConfigError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if print_config:
        typer.echo(cfg.to_yaml(), nl=False)
        return
    if resume and overwrite:
        typer.echo("error: --resume and --overwrite contradict each other; choose one", err=True)
        raise typer.Exit(2)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see train_cmd.py
    from train.corpus.reader import CorpusError
    from train.training.backbone import BackboneError
    from train.training.errors import TrainError, disk_full_error, is_disk_full
    from train.training.pretrain import PretrainError, run_pretraining

    command = ["anninh", "pretrain", "--config", config] + [f"--set {o}" for o in (set_ or [])]
    if name is not None:
        command += ["--name", name]
    if resume:
        command.append("--resume")
    try:
        try:
            result = run_pretraining(cfg, resume=resume, overwrite=overwrite, command=command)
        except BaseException as exc:
            if was_interrupted(exc):  # also a pool's clean-up error raised while Ctrl-C was handled
                typer.echo(interrupted_message(cfg.run_dir), err=True)
                raise typer.Exit(EXIT_INTERRUPTED) from None
            raise
    except typer.Exit:
        raise
    except (ConfigError, PretrainError, TrainError, BackboneError, CorpusError, OSError) as exc:
        typer.echo(f"error: {disk_full_error(exc, cfg.run_dir) if is_disk_full(exc) else exc}", err=True)
        raise typer.Exit(2)
    except RuntimeError as exc:  # torch's C++ checkpoint writer on a full disk
        if not is_disk_full(exc):
            raise
        typer.echo(f"error: {disk_full_error(exc, cfg.run_dir)}", err=True)
        raise typer.Exit(2)
    from accelerate import PartialState

    if PartialState().is_main_process:  # several processes: one report is enough
        typer.echo(f"encoder: {result.encoder_dir}")
