"""The one typer app every command file registers on (spaCy's layout)."""
import typer

app = typer.Typer(
    name="anninh",
    help="anninh-ner: named entities (AGENCY, RANK, PERSON, LOCATION) in Vietnamese police news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
