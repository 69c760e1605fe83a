"""The one typer app every command file registers on (spaCy's layout)."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="anninh",
    help="anninh-ner: named entities (AGENCY, RANK, PERSON, LOCATION) in Vietnamese police news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def run_overrides(set_: list[str] | None, name: str | None, output_dir: str | None) -> list[str]:
    """``--set`` overrides plus the ``--name`` / ``--output-dir`` shortcuts, as dotted overrides."""
    overrides = list(set_ or [])
    if name is not None:
        overrides.append(f"name={name}")
    if output_dir is not None:
        overrides.append(f"output_dir={output_dir}")
    return overrides
