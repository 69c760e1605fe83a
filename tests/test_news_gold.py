"""Held-out gold stored as offsets only, rebuilt from a corpus (train/evaluation/news_gold.py)."""
import gzip
import hashlib
import json

import pytest

from train.corpus.gold import load_gold
from train.evaluation.news_gold import SPANS, NewsGoldError, build_news_gold

ARTICLE = "Tiêu đề bài\n\n  Công an tỉnh Nghệ An bắt Lê Văn Tám.  \nTám khai nhận.\n"


def sha(t: str) -> str:
    return hashlib.sha1(t.encode("utf-8")).hexdigest()


def write_corpus(path, docs):
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i, t in docs.items():
            fh.write(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n")


def spans_file(path, para_text, para=1):
    rec = {"set": "news-x", "doc": "d1", "para": para, "sha1": sha(para_text),
           "entities": [[0, 20, "AGENCY"], [25, 35, "PERSON"]]}
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_paragraphs_come_back_exactly_and_load_as_gold(tmp_path):
    corpus = tmp_path / "news.jsonl.gz"
    write_corpus(corpus, {"d0": "khác", "d1": ARTICLE})
    para = "Công an tỉnh Nghệ An bắt Lê Văn Tám."  # the second non-empty line, stripped
    paths = build_news_gold(corpus, tmp_path / "out", spans_file(tmp_path / "s.jsonl", para))
    gold = load_gold(paths["news-x"])
    assert [(g.doc, g.para, g.text) for g in gold] == [("d1", 1, para)]
    assert [para[s:e] for s, e, _ in gold[0].entities] == ["Công an tỉnh Nghệ An", "Lê Văn Tám"]


def test_a_changed_or_missing_article_is_an_error_not_a_wrong_score(tmp_path):
    corpus = tmp_path / "news.jsonl.gz"
    write_corpus(corpus, {"d1": ARTICLE.replace("Tám.", "Tư.")})
    with pytest.raises(NewsGoldError, match="SHA-1"):
        build_news_gold(corpus, tmp_path / "out", spans_file(tmp_path / "s.jsonl", "Công an tỉnh Nghệ An bắt Lê Văn Tám."))
    write_corpus(corpus, {"d2": ARTICLE})
    with pytest.raises(NewsGoldError, match="lacks 1"):
        build_news_gold(corpus, tmp_path / "out2", tmp_path / "s.jsonl")


def test_the_shipped_spans_name_thirty_four_sets_and_no_text():
    recs = [json.loads(line) for line in SPANS.read_text(encoding="utf-8").splitlines()]
    assert all(set(r) == {"set", "doc", "para", "sha1", "entities"} for r in recs)
    # issue 21's consistency rulings (docs/gold.md) changed a, b, c, g and h
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-a") == 330
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-b") == 263
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-c") == 275
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-d") == 215
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-e") == 280
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-f") == 292
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-g") == 308
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-h") == 291
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-i") == 391
    # issue 22's sets, drawn by scripts/pick_dev_articles.py (data/gold/news-draws.jsonl)
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-j") == 474
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-k") == 472
    assert sum(len(r["entities"]) for r in recs if r["set"] == "news-l") == 386
    # more police and crime news, drawn by data/gold/police-topics.yaml (news-draws-police.jsonl)
    counts = {"news-m": 340, "news-n": 555, "news-o": 492, "news-p": 297, "news-q": 535, "news-r": 391,
              "news-s": 365, "news-t": 499, "news-u": 349, "news-v": 545, "news-w": 415, "news-x": 365,
              "news-y": 373, "news-z": 406, "news-aa": 425, "news-ab": 357, "news-ac": 460, "news-ad": 324,
              "news-ae": 417, "news-af": 390, "news-ag": 401, "news-ah": 442}
    assert {s: sum(len(r["entities"]) for r in recs if r["set"] == s) for s in counts} == counts
    names = ("news-a", "news-b", "news-c", "news-d", "news-e", "news-f", "news-g", "news-h", "news-i",
             "news-j", "news-k", "news-l", *counts)
    assert {r["set"] for r in recs} == set(names)
    docs = [{r["doc"] for r in recs if r["set"] == s} for s in names]
    assert sum(map(len, docs)) == len(set().union(*docs)) == 410  # no article in two sets
    for draw_file, drawn in (("news-draws.jsonl", names[9:12]), ("news-draws-police.jsonl", names[12:20]),
                             ("news-draws-police2.jsonl", names[20:26]), ("news-draws-police3.jsonl", names[26:])):
        draws = [json.loads(line) for line in (SPANS.parent / draw_file).read_text(encoding="utf-8").splitlines()]
        assert {(d["set"], d["doc"]) for d in draws} == {(r["set"], r["doc"]) for r in recs if r["set"] in drawn}


@pytest.mark.skipif(not (SPANS.parents[3] / "shared" / "corpus" / "news").is_dir(),
                    reason="needs ../shared/corpus/news, the corpus the draw reads")
def test_the_committed_draw_is_reproduced_by_its_command(tmp_path):
    """scripts/pick_dev_articles.py run again with the committed arguments deals the same
    articles into the same sets, although they have been labelled since."""
    import importlib.util

    script = SPANS.parents[2] / "scripts" / "pick_dev_articles.py"
    spec = importlib.util.spec_from_file_location("pick_dev_articles", script)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    police = ["--topics", str(SPANS.parent / "police-topics.yaml"), "--min-hits", "3"]
    # each committed draw: its file, its sets, its seed and topic arguments; it excludes every
    # set labelled before it (news-a .. news-i were not drawn by the script)
    draws = [("news-draws.jsonl", ["news-j", "news-k", "news-l"], "2026", ["--min-hits", "4"]),
             ("news-draws-police.jsonl", [f"news-{c}" for c in "mnopqrst"], "2028", police),
             ("news-draws-police2.jsonl", [f"news-{c}" for c in "uvwxyz"], "2029", police),
             ("news-draws-police3.jsonl", [f"news-a{c}" for c in "abcdefgh"], "2030", police),
             ("police-draws.jsonl", [f"police-{c}" for c in "abcdefgh"], "2031", ["--corpus", "police", *police]),
             ("police-draws2.jsonl", [f"police-{c}" for c in "ijklmnop"], "2032", ["--corpus", "police", *police]),
             ("police-draws3.jsonl", [f"police-{c}" for c in "qrstuvwx"], "2033", ["--corpus", "police", *police])]

    def rows(p):
        return sorted((r["set"], r["doc"]) for r in map(json.loads, p.read_text(encoding="utf-8").splitlines()))
    earlier = ["news-a", "news-b", "news-c", "news-d", "news-e", "news-f", "news-g", "news-h", "news-i"]
    for draw_file, sets, seed, extra in draws:
        out = tmp_path / draw_file
        mod.main([*extra, "--sets", *sets, "--size", "12", "--seed", seed, "--exclude-sets", *earlier,
                  "--shared", str(SPANS.parents[3] / "shared"), "--out", str(out)])
        assert rows(out) == rows(SPANS.parent / draw_file), draw_file
        earlier += sets
