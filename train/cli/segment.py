"""`anninh segment`: a corpus word-segmented once, for pretraining elsewhere."""
from __future__ import annotations

import time
from pathlib import Path
from typing import List, Optional

import typer

from ._app import app


@app.command("segment")
def segment_command(
    corpus: List[str] = typer.Argument(..., help="Folder of .txt articles, .txt, .jsonl or .jsonl.gz files (several allowed)."),
    output: Path = typer.Option(..., "--output", "-o", help="Segmented corpus to write: .jsonl or .jsonl.gz."),
    segmenter: str = typer.Option("underthesea", "--segmenter", help="Word segmenter: underthesea or pyvi."),
    max_chars: Optional[int] = typer.Option(None, "--max-chars", help="Read at most this many characters (whole articles)."),
    num_proc: int = typer.Option(1, "--num-proc", help="Worker processes for segmentation."),
    skip_boilerplate: bool = typer.Option(True, "--skip-boilerplate/--keep-boilerplate", help="Leave out bylines, captions and other boilerplate paragraphs."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Show a progress bar."),
) -> None:
    """Word-segment a corpus once (PhoBERT convention, Công_an tỉnh Thừa_Thiên_Huế) and write it as JSONL.

    Pretrain from it on any machine, one without underthesea included (a GPU host):
    anninh pretrain --config configs/pretrain-gpu.yaml --set data.corpus=OUT
    (that config sets data.segmenter: presegmented; with another config add --set data.segmenter=presegmented)
    """
    from model.text.wordseg import SEGMENTERS
    from train.atomic import OutputError, check_output_file
    from train.corpus.prepare import prepare_words
    from train.corpus.reader import CorpusError
    from train.corpus.segmented import write_segmented

    if segmenter not in SEGMENTERS or segmenter == "presegmented":
        choices = ", ".join(sorted(n for n in SEGMENTERS if n != "presegmented"))
        typer.echo(f"error: unknown segmenter {segmenter!r}; choose one of {choices}", err=True)
        raise typer.Exit(2)
    if not output.name.lower().endswith((".jsonl", ".jsonl.gz")):
        typer.echo(f"error: output {output} must end in .jsonl or .jsonl.gz (the corpus formats anninh reads)", err=True)
        raise typer.Exit(2)
    if max_chars is not None and max_chars <= 0:
        typer.echo(f"error: --max-chars must be > 0, got {max_chars}", err=True)
        raise typer.Exit(2)
    try:
        check_output_file(output, inputs=corpus, what="segmented corpus")
    except OutputError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    t0 = time.time()
    try:
        prepared = prepare_words(corpus, segmenter, max_chars=max_chars, num_proc=max(1, num_proc),
                                 skip_boilerplate=skip_boilerplate, progress=progress)
        stats = write_segmented(prepared.dataset, output)
    except (CorpusError, OutputError, ImportError, OSError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    typer.echo(f"{output}: {stats.documents:,} articles, {stats.paragraphs:,} paragraphs, {stats.words:,} words "
               f"({time.time() - t0:.0f} s); pretrain with --set data.corpus={output} --set data.segmenter=presegmented")
