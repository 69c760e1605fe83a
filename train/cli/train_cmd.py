"""`anninh train`."""
import typer

from ._app import app


@app.command("train")
def train_command() -> None:
    """(being built)"""
    typer.echo("anninh train: not built yet", err=True)
    raise typer.Exit(2)
