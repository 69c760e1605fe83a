"""`anninh annotate`."""
import typer

from ._app import app


@app.command("annotate")
def annotate_command() -> None:
    """(being built)"""
    typer.echo("anninh annotate: not built yet", err=True)
    raise typer.Exit(2)
