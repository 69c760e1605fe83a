"""`anninh serve`: annotation over HTTP (FastAPI + uvicorn) and a Label Studio ML backend."""
from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Optional

import typer

from ._app import app


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@app.command("serve")
def serve_command(
    model: Optional[str] = typer.Option(
        None, "--model", "-m", help="Model directory or 'rules' (default: $ANNINH_MODEL, else rules)."),
    hybrid: bool = typer.Option(False, "--hybrid", help="Combine the model with the rules, as `anninh annotate --hybrid`."),
    host: Optional[str] = typer.Option(None, "--host", help="Address to bind (default 127.0.0.1)."),
    port: Optional[int] = typer.Option(None, "--port", help="Port (default 8080)."),
    workers: Optional[int] = typer.Option(None, "--workers", min=1, help="Processes, each loading the model once (default 1)."),
    token: Optional[str] = typer.Option(
        None, "--token", envvar="ANNINH_SERVE_TOKEN", show_envvar=True,
        help="Require 'Authorization: Bearer TOKEN' on every route but /health."),
    config: Optional[Path] = typer.Option(None, "--config", help="YAML file of settings (keys of train/serve/serve.yaml)."),
    max_body_bytes: Optional[int] = typer.Option(None, "--max-body-bytes", min=1, help="Largest request body (default 1048576); larger: 413."),
    max_texts: Optional[int] = typer.Option(None, "--max-texts", min=1, help="Texts per request (default 64); more: 413."),
    max_predict_tasks: Optional[int] = typer.Option(None, "--max-predict-tasks", min=1, help="Tasks per Label Studio /predict (default 1000)."),
    queue_size: Optional[int] = typer.Option(None, "--queue-size", min=1, help="Requests that may wait (default 64); when full: 503 + Retry-After."),
    timeout: Optional[float] = typer.Option(None, "--timeout", min=0.001, help="Seconds allowed per text, queue wait included (default 30); then 504."),
    coalesce: Optional[bool] = typer.Option(None, "--coalesce/--no-coalesce", help="Join queued requests into one model call (faster under load; scores differ from annotate() in about the 8th digit) (default no)."),
    batch_size: Optional[int] = typer.Option(None, "--batch-size", min=1, help="Windows per forward pass (default 16)."),
    threads: Optional[int] = typer.Option(None, "--threads", min=1, help="torch CPU threads per worker."),
    access_log: Optional[bool] = typer.Option(None, "--access-log/--no-access-log", help="JSON access log on stderr (default on)."),
) -> None:
    """Serve POST /annotate, /health, /ready, /model and Label Studio's /setup, /predict, /webhook."""
    from model.modeldir import ModelDirError
    from train.serve.config import ServeConfigError, load_config
    from train.serve.modelinfo import model_facts

    try:
        cfg = load_config(config, model=model, hybrid=hybrid or None, host=host, port=port, workers=workers,
                          token=token, max_body_bytes=max_body_bytes, max_texts=max_texts,
                          max_predict_tasks=max_predict_tasks, queue_size=queue_size, text_timeout_s=timeout,
                          coalesce=coalesce, batch_size=batch_size, threads=threads, access_log=access_log)
        facts = model_facts(cfg.model, cfg.hybrid)  # a bad model directory fails here, before binding
    except (ServeConfigError, ModelDirError, ValueError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    if cfg.hybrid and facts["backend"] == "rules":
        typer.echo("error: --hybrid needs a model directory (--model runs/<name>/model); the rules alone are "
                   "served without it", err=True)
        raise typer.Exit(2)
    if not _is_loopback(cfg.host) and not cfg.token:
        typer.echo(f"warning: binding {cfg.host} without a token: anyone who can reach it can use it "
                   "(set --token or $ANNINH_SERVE_TOKEN)", err=True)
    typer.echo(f"serving {facts['model_version']} on http://{cfg.host}:{cfg.port} "
               f"({cfg.workers} worker(s); API docs at /docs)", err=True)
    from train.serve.runner import serve

    serve(cfg)
