"""`anninh label`."""
import typer

from ._app import app


@app.command("label")
def label_command() -> None:
    """(being built)"""
    typer.echo("anninh label: not built yet", err=True)
    raise typer.Exit(2)
