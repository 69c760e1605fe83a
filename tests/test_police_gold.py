"""Gold of corpus/police itself, stored as offsets only (train/evaluation/police_gold.py)."""
import hashlib
import json
import os
import time
from pathlib import Path

import pytest

from train.corpus.gold import load_gold
from train.evaluation.police_gold import NewsGoldError, build_police_gold

ARTICLE = "\ufeffTiêu đề bài\n\n  Công an tỉnh Nghệ An bắt Lê Văn Tám.  \r\nTám khai nhận.\n"
PARA = "Công an tỉnh Nghệ An bắt Lê Văn Tám."  # the second non-empty line, stripped


def spans_file(path, para_text=PARA, doc="baomoi_1"):
    rec = {"set": "police-x", "doc": doc, "para": 1, "sha1": hashlib.sha1(para_text.encode("utf-8")).hexdigest(),
           "entities": [[0, 20, "AGENCY"], [25, 35, "PERSON"]]}
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_an_article_file_comes_back_as_gold_paragraphs(tmp_path):
    folder = tmp_path / "police"
    folder.mkdir()
    (folder / "baomoi_1.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "baomoi_2.txt").write_text("khác", encoding="utf-8")
    paths = build_police_gold(folder, tmp_path / "out", spans_file(tmp_path / "s.jsonl"))
    gold = load_gold(paths["police-x"])
    assert [(g.doc, g.para, g.text) for g in gold] == [("baomoi_1", 1, PARA)]
    assert [PARA[s:e] for s, e, _ in gold[0].entities] == ["Công an tỉnh Nghệ An", "Lê Văn Tám"]


def test_a_changed_article_is_rebuilt_and_refused(tmp_path):
    folder = tmp_path / "police"
    folder.mkdir()
    f = folder / "baomoi_1.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    spans = spans_file(tmp_path / "s.jsonl")
    build_police_gold(folder, tmp_path / "out", spans)
    f.write_text(ARTICLE.replace("Tám.", "Tư."), encoding="utf-8")
    later = time.time() + 5
    os.utime(f, (later, later))  # newer than the built file: it must not be reused
    with pytest.raises(NewsGoldError, match="SHA-1"):
        build_police_gold(folder, tmp_path / "out", spans)


def test_a_missing_article_is_an_error_and_no_spans_file_is_no_sets(tmp_path):
    folder = tmp_path / "police"
    folder.mkdir()
    with pytest.raises(NewsGoldError, match="lacks 1 labelled article"):
        build_police_gold(folder, tmp_path / "out", spans_file(tmp_path / "s.jsonl"))
    assert build_police_gold(folder, tmp_path / "out", tmp_path / "none.jsonl") == {}


def test_the_shipped_spans_are_the_committed_draw_and_hold_no_text():
    from train.evaluation.police_gold import POLICE_SPANS

    recs = [json.loads(line) for line in POLICE_SPANS.read_text(encoding="utf-8").splitlines()]
    assert all(set(r) == {"set", "doc", "para", "sha1", "entities"} for r in recs)
    counts = {"police-a": 380, "police-b": 438, "police-c": 390, "police-d": 516, "police-e": 463,
              "police-f": 469, "police-g": 422, "police-h": 519, "police-i": 444, "police-j": 403,
              "police-k": 504, "police-l": 524, "police-m": 366, "police-n": 480, "police-o": 356,
              "police-p": 494, "police-q": 391, "police-r": 439, "police-s": 529, "police-t": 524,
              "police-u": 523, "police-v": 462, "police-w": 503, "police-x": 451}
    assert {s: sum(len(r["entities"]) for r in recs if r["set"] == s) for s in counts} == counts
    assert {r["set"] for r in recs} == set(counts)
    draws = [json.loads(line) for name in ("police-draws.jsonl", "police-draws2.jsonl", "police-draws3.jsonl")
             for line in (POLICE_SPANS.parent / name).read_text(encoding="utf-8").splitlines()]
    assert {(d["set"], d["doc"]) for d in draws} == {(r["set"], r["doc"]) for r in recs}
    assert len({r["doc"] for r in recs}) == len(draws) == 288


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "police").is_dir(),
                    reason="needs ../shared/corpus/police, the corpus the police sets are rebuilt from")
def test_a_police_set_is_reviewed_gold_by_name_and_shares_no_article_with_dev_police():
    from train.evaluation.gold_sets import dev_police
    from train.training.reviewed import resolve_set

    gold = load_gold(resolve_set("police-a", "data.reviewed.sets[0]"))
    assert len({g.doc for g in gold}) == 12 and sum(len(g.entities) for g in gold) == 380
    dp = dev_police()
    if dp is not None:
        assert not {g.doc for g in gold} & {g.doc for g in load_gold(dp)}
        assert not {g.text for g in gold if len(g.text) > 40} & {g.text for g in load_gold(dp)}
