"""`anninh evaluate`."""
import typer

from ._app import app


@app.command("evaluate")
def evaluate_command() -> None:
    """(being built)"""
    typer.echo("anninh evaluate: not built yet", err=True)
    raise typer.Exit(2)
