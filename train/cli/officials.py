"""`anninh officials`: who holds which rank and post, as a table over a corpus."""
from __future__ import annotations

import time
import warnings
from collections import Counter
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


@app.command("officials")
def officials_command(
    corpus: Optional[List[str]] = typer.Argument(
        None, help="Folders of .txt articles, .txt files, .jsonl/.jsonl.gz files ({'id','text'} a line)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Table: .csv, .jsonl or .parquet."),
    html: Optional[Path] = typer.Option(None, "--html", help="Also write a static HTML report here."),
    year: Optional[int] = typer.Option(
        None, "--year", help="Year of dates written as day/month only ('Ngày 6/2'), for a corpus of one year."),
    workers: int = typer.Option(1, "--workers", min=1, help="Processes reading articles."),
    model: str = typer.Option("rules", "--model", "-m", help="Entities from 'rules' (default) or a model directory."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Read only the first N articles."),
    full: bool = typer.Option(
        False, "--full", help="Tag whole articles, not only the text around post and rank words (about 3x slower)."),
    evaluate: bool = typer.Option(False, "--evaluate", help="Score the linker on the link gold sets instead."),
) -> None:
    """One row per person: ranks with their dates, posts and agencies, articles, first and
    last seen, one evidence sentence; conflicting ranks listed."""
    if evaluate:
        from train.evaluation.links import evaluate_links, format_table

        typer.echo(format_table(evaluate_links()))
        return
    from tqdm.auto import tqdm

    from train.atomic import OutputError, check_output_file
    from train.corpus.reader import CorpusError
    from train.corpus.sources import SourceProblems, corpus_files, iter_docs
    from train.officials.pipeline import read_articles
    from train.officials.report import write_html
    from train.officials.table import OfficialsTable
    from train.officials.writers import output_format, write_table

    if not corpus:
        typer.echo("error: give a corpus (a folder of .txt articles or a .jsonl[.gz] file), or --evaluate", err=True)
        raise typer.Exit(2)
    if output is None and html is None:
        typer.echo("error: say where to write: -o table.csv|.jsonl|.parquet and/or --html report.html", err=True)
        raise typer.Exit(2)
    try:
        files = corpus_files(list(corpus))
        for out in (output, html):
            if out is not None:
                check_output_file(out, files)
        if output is not None:
            output_format(output)
    except (CorpusError, OutputError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    problems = SourceProblems()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = [(d.id, d.text) for d in iter_docs(files, problems, warn=False)]
    if limit:
        docs = docs[:limit]
    if not docs:
        typer.echo("error: the corpus holds no readable article", err=True)
        raise typer.Exit(2)
    table = OfficialsTable()
    t0 = time.perf_counter()
    with tqdm(total=len(docs), unit="article", desc="officials") as bar:
        for doc_id, date, records in read_articles(docs, model=model, year=year, workers=workers, focus=not full):
            table.add(doc_id, date, records)
            bar.update(1)
    secs = time.perf_counter() - t0
    rows = table.sorted_rows()
    n_chars = sum(len(t) for _, t in docs)
    summary = (f"{table.n_docs} articles ({n_chars:,} characters; {table.n_docs_dated} dated), "
               f"{table.n_records} mentions of officials, {len(rows)} persons "
               f"({sum(bool(r.ranks) for r in rows)} with a rank, {sum(bool(r.posts) for r in rows)} with a post), "
               f"{len(table.conflicts())} conflicting ranks")
    try:
        if output is not None:
            write_table(rows, output)
        if html is not None:
            write_html(rows, html, "Officials: who holds which rank and post", summary)
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{summary}; {secs:.0f} s", err=True)
    agencies = Counter(r.agency for r in rows if r.agency)
    if agencies:
        typer.echo("agencies with most officials: " + "; ".join(f"{a} ({n})" for a, n in agencies.most_common(5)), err=True)
    if problems.skipped:
        typer.echo(f"skipped {len(problems.skipped)} unreadable item(s), e.g. {problems.skipped[0][0]}: "
                   f"{problems.skipped[0][1]}", err=True)
    for out in (output, html):
        if out is not None:
            typer.echo(f"wrote {out}", err=True)
