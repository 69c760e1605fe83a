"""Corpus specs: folders, .txt, .jsonl(.gz), lists; bad files and lines named, the rest used."""
from __future__ import annotations

import gzip
import json
import warnings
from pathlib import Path

import pytest

from train.corpus.reader import CorpusError
from train.corpus.sources import SourceProblems, corpus_files, fingerprint, iter_docs


def _write_jsonl(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


def test_every_shape_of_spec_is_read_in_order(tmp_path):
    folder = tmp_path / "txt"
    folder.mkdir()
    (folder / "b.txt").write_text("Bài B.", encoding="utf-8")
    (folder / "a.txt").write_text("Bài A.", encoding="utf-8")
    (folder / "notes.md").write_text("not an article", encoding="utf-8")
    one = tmp_path / "one.txt"
    one.write_text("Một bài.", encoding="utf-8")
    gz = _write_jsonl(tmp_path / "news.jsonl.gz", [json.dumps({"id": "n1", "text": "Tin một."}),
                                                   json.dumps({"text": "Tin hai."})])
    files = corpus_files([folder, one, gz])
    docs = list(iter_docs(files))
    assert [(d.id, d.text) for d in docs] == [("a", "Bài A."), ("b", "Bài B."), ("one", "Một bài."),
                                              ("n1", "Tin một."), ("news.jsonl.gz:2", "Tin hai.")]
    assert corpus_files(str(one)) == [one]  # one path, not a list


def test_bad_lines_and_files_are_named_by_file_and_line_and_the_rest_is_used(tmp_path):
    jl = _write_jsonl(tmp_path / "c.jsonl", [
        json.dumps({"id": 1, "text": "Bài tốt."}), "", "{not json", json.dumps({"title": "no text"}),
        json.dumps({"text": "   "}), json.dumps({"id": 2, "text": "Bài tốt hai."})])
    bad = tmp_path / "d.txt"
    bad.write_bytes("Công an".encode("utf-16"))
    latin = tmp_path / "e.txt"
    latin.write_bytes("Công an tỉnh".encode("utf-8")[:-1] + b"\xff")
    problems = SourceProblems()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = list(iter_docs(corpus_files([jl, bad, latin]), problems))
    assert [d.text for d in docs] == ["Bài tốt.", "Bài tốt hai."]
    where = [w for w, _ in problems.skipped]
    assert where == [f"{jl}:2", f"{jl}:3", f"{jl}:4", f"{jl}:5", str(bad), str(latin)]
    reasons = dict(problems.skipped)
    assert "empty line" in reasons[f"{jl}:2"] and "not JSON" in reasons[f"{jl}:3"]
    assert "'text'" in reasons[f"{jl}:4"] and "UTF-8" in reasons[str(latin)]
    assert len(caught) == 6 and all(str(jl) in str(w.message) or ".txt" in str(w.message) for w in caught)


def test_missing_paths_and_empty_folders_are_clear_errors(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        corpus_files(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no .txt or .jsonl"):
        corpus_files(tmp_path / "empty")
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    with pytest.raises(CorpusError, match="neither .txt nor .jsonl"):
        corpus_files(tmp_path / "x.csv")
    with pytest.raises(CorpusError, match="no corpus given"):
        corpus_files([])


def test_fingerprint_changes_when_a_file_changes(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Một.", encoding="utf-8")
    before = fingerprint([f])
    assert fingerprint([f]) == before
    f.write_text("Một bài dài hơn.", encoding="utf-8")
    assert fingerprint([f]) != before
