"""`anninh label` end to end in a temporary folder: outputs, report, bad input."""
import json

from typer.testing import CliRunner

from train.cli import app
from train.corpus.gold import load_gold

runner = CliRunner()

DOC1 = ("Ngày 4/6, Công an tỉnh Điện Biên phối hợp Công an 2 tỉnh Phông Sa Lỳ và Luông Nặm Thà (Lào) tuần tra.\n"
        "Thượng tá Lường Văn Thắm, Phó Giám đốc Công an tỉnh Điện Biên cho biết kết quả.\n"
        "Ảnh: Minh Tâm\n")
DOC2 = "Thời tiết hôm nay nắng nhẹ.\n"


def _corpus(tmp_path):
    src = tmp_path / "raw"
    src.mkdir()
    (src / "p1.txt").write_text(DOC1, encoding="utf-8")
    (src / "p2.txt").write_text(DOC2, encoding="utf-8")
    (src / "bad.txt").write_bytes("Công an Sóc Trăng".encode("cp1258"))
    (src / "empty.txt").write_text("", encoding="utf-8")
    return src


def _gold(tmp_path):
    line0 = DOC1.split("\n")[0]
    line1 = DOC1.split("\n")[1]

    def span(text, sub, lab):
        s = text.index(sub)
        return [s, s + len(sub), lab]

    recs = [
        {"doc": "p1", "para": 0, "text": line0, "entities": [
            span(line0, "Công an tỉnh Điện Biên", "AGENCY"), span(line0, "Phông Sa Lỳ", "LOCATION"),
            span(line0, "Luông Nặm Thà", "LOCATION"), span(line0, "Lào", "LOCATION")]},
        {"doc": "p1", "para": 1, "text": line1, "entities": [
            span(line1, "Thượng tá", "RANK"), span(line1, "Lường Văn Thắm", "PERSON"),
            span(line1, "Công an tỉnh Điện Biên", "AGENCY")]},
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs), encoding="utf-8")
    return p


def test_label_end_to_end_with_gold_and_bad_files(tmp_path):
    src, out = _corpus(tmp_path), tmp_path / "silver"
    res = runner.invoke(app, ["label", "--input", str(src), "--output", str(out),
                              "--gold", str(_gold(tmp_path)), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "bad.txt" in res.output and "not UTF-8" in res.output and "empty.txt" in res.output
    assert "labelled 2 documents" in res.output
    assert "without any entity: p2" in res.output
    silver = load_gold(out / "silver.jsonl")  # the silver file is valid gold format
    assert [(g.doc, g.para) for g in silver] == [("p1", 0), ("p1", 1), ("p1", 2), ("p2", 0)]
    p1 = {g.para: [(g.text[s:e], lab) for s, e, lab in g.entities] for g in silver if g.doc == "p1"}
    assert p1[2] == [("Minh Tâm", "PERSON")]
    assert ("Công an tỉnh Điện Biên", "AGENCY") in p1[0] and ("Lào", "LOCATION") in p1[0]
    conll = (out / "silver.conll").read_text(encoding="utf-8")
    assert "-DOCSTART-\tp1" in conll and "Thượng\tB-RANK\ntá\tI-RANK\nLường\tB-PERSON\n" in conll
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["skipped_files"] == 2 and report["counts"]["documents_without_entities"] == 1
    assert {s["path"].rsplit("/", 1)[-1] for s in report["skipped"]} == {"bad.txt", "empty.txt"}
    fn = report["functions"]
    assert fn["rank_lexicon"]["gold"]["precision"] == 1.0 and fn["rank_lexicon"]["spans"] == 1
    assert fn["place_gazetteer"]["conflicts"] >= 2  # the places inside the agencies
    assert 0 < fn["agency_pattern"]["coverage"] <= 1
    agg = report["gold"]["aggregate"]["seqeval"]
    assert agg["micro avg"]["f1-score"] == 1.0
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| `agency_pattern` |" in md and "seqeval" in md and "bad.txt" in md


def test_label_errors_are_clear(tmp_path):
    res = runner.invoke(app, ["label", "--input", str(tmp_path / "nope"), "--output", str(tmp_path / "o")])
    assert res.exit_code == 2 and "does not exist" in res.output
    src = _corpus(tmp_path)
    res = runner.invoke(app, ["label", "-i", str(src), "-o", str(tmp_path / "o"), "--functions", "rank_lexicon,bogus"])
    assert res.exit_code == 2 and "unknown labeling function 'bogus'" in res.output
    bad_gold = tmp_path / "g.jsonl"
    bad_gold.write_text('{"doc": "p1"}\n', encoding="utf-8")
    res = runner.invoke(app, ["label", "-i", str(src), "-o", str(tmp_path / "o"), "--gold", str(bad_gold)])
    assert res.exit_code == 2 and "missing key" in res.output


def test_label_with_one_function(tmp_path):
    src, out = _corpus(tmp_path), tmp_path / "o"
    res = runner.invoke(app, ["label", "-i", str(src), "-o", str(out), "-f", "rank_lexicon", "--no-progress"])
    assert res.exit_code == 0, res.output
    labels = {lab for g in load_gold(out / "silver.jsonl") for _, _, lab in g.entities}
    assert labels == {"RANK"}


def test_long_paragraph_and_other_files_are_reported(tmp_path):
    src, out = tmp_path / "raw", tmp_path / "o"
    src.mkdir()
    unit = "Trung sĩ Lò Văn Pấn tuần tra bản Huổi Luông. "
    (src / "long.txt").write_text(unit * (120_000 // len(unit) + 1) + "\nDòng sau.\n", encoding="utf-8")
    (src / "notes.md").write_text("# not an article", encoding="utf-8")
    res = runner.invoke(app, ["label", "-i", str(src), "-o", str(out), "--no-progress"])
    assert res.exit_code == 0, res.output
    assert "long" in res.output and "characters long" in res.output and "notes.md" in res.output
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["long_paragraphs"] == 1 and report["long_paragraphs"][0]["doc"] == "long"
    assert report["counts"]["ignored_files"] == 1
    assert report["counts"]["entities_by_label"]["RANK"] > 2000


# ------------------------------------------------------------ issue 10: robustness
def test_newline_in_a_file_name_cannot_inject_conll_lines(tmp_path):
    src = tmp_path / "raw"
    src.mkdir()
    (src / "a\nB-PERSON\tx.txt").write_text(DOC1, encoding="utf-8")
    out = tmp_path / "silver"
    res = runner.invoke(app, ["label", "-i", str(src), "-o", str(out), "--no-progress"])
    assert res.exit_code == 0, res.output
    lines = (out / "silver.conll").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "-DOCSTART-\ta\\nB-PERSON\\tx"
    assert all(ln == "" or ln.count("\t") == 1 for ln in lines)
    assert not any(ln.startswith("B-PERSON") for ln in lines)


def test_unwritable_output_is_one_line_before_any_labelling(tmp_path):
    src = _corpus(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    for target in (blocker, blocker / "sub", "/proc/anninh-silver"):
        res = runner.invoke(app, ["label", "-i", str(src), "-o", str(target), "--no-progress"])
        assert res.exit_code == 2, res.output
        assert res.output.startswith("error: ") and len(res.output.strip().splitlines()) == 1, res.output
        assert "labelled" not in res.output


def test_empty_gold_file_is_an_error_not_zeros(tmp_path):
    gold = tmp_path / "g.jsonl"
    gold.write_text("", encoding="utf-8")
    res = runner.invoke(app, ["label", "-i", str(_corpus(tmp_path)), "-o", str(tmp_path / "o"), "--gold", str(gold),
                              "--no-progress"])
    assert res.exit_code == 2 and "holds no records" in res.output
