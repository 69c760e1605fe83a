"""`anninh officials`: dates, the per-person table, its files, the HTML report, link scores."""
from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model import Entity, officials
from train.cli import app
from train.evaluation.links import LINKS_DIR, gold_links, predicted_links, score_links
from train.evaluation.gold_sets import SEEDS
from train.officials.dates import article_date
from train.officials.table import OfficialsTable

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
runner = CliRunner()


@pytest.mark.parametrize("text,year,expected", [
    (" date 2024-03 (PLO)- Công an TP.HCM ... ngày 22-3.", None, "2024-03-22"),
    (" date 2023-08 Ngày 9.8, tại TP.Huế ...", None, "2023-08-09"),
    ("Pháp luật\n\nTiêu đề\n\nHồng Hạnh- Minh Khôi 16/08/2024 16:21\n\nNgày 16/8 ...", None, "2024-08-16"),
    ("Ngày 19-3, Công an TP Cần Thơ ...", None, None),
    ("Ngày 19-3, Công an TP Cần Thơ ...", 2017, "2017-03-19"),
    ("GD&TĐ - Sáng 25/5, Đại tá Đặng Ngọc Sơn ...", 2017, "2017-05-25"),
    (" date 2024-03 Không có ngày trong bài.", None, "2024-03"),
    ("Ngày 45/19, không phải ngày.", 2017, None),
])
def test_article_date(text, year, expected):
    assert article_date(text, year) == expected


def _recs(text, *spans):
    out, pos = [], 0
    for sub, label in spans:
        k = text.index(sub, pos)
        out.append(Entity(k, k + len(sub), label, sub))
        pos = k + len(sub)
    return officials(text, out)


def test_two_ranks_on_one_date_are_a_conflict_and_initials_are_not_merged():
    table = OfficialsTable()
    a = "Đại tá Nguyễn Văn Hùng, Giám đốc Công an tỉnh X, phát biểu."
    b = "Thượng tá Nguyễn Văn Hùng, Giám đốc Công an tỉnh X, phát biểu. Thiếu tá Nguyễn Văn H. có mặt."
    table.add("a", "2017-02-06", _recs(a, ("Đại tá", "RANK"), ("Nguyễn Văn Hùng", "PERSON"), ("Công an tỉnh X", "AGENCY")))
    table.add("b", "2017-02-06", _recs(b, ("Thượng tá", "RANK"), ("Nguyễn Văn Hùng", "PERSON"),
                                       ("Công an tỉnh X", "AGENCY"), ("Thiếu tá", "RANK"), ("Nguyễn Văn H.", "PERSON")))
    rows = {r.name: r for r in table.sorted_rows()}
    assert set(rows) == {"Nguyễn Văn Hùng", "Nguyễn Văn H."}
    hung = rows["Nguyễn Văn Hùng"].to_dict()
    assert hung["n_articles"] == 2 and hung["first_seen"] == hung["last_seen"] == "2017-02-06"
    assert hung["conflicts"] == ["2017-02-06: Thượng tá (b) / Đại tá (a)"] or \
        hung["conflicts"] == ["2017-02-06: Đại tá (a) / Thượng tá (b)"]
    assert hung["posts"] == ["Giám đốc — Công an tỉnh X"]
    assert rows["Nguyễn Văn H."].to_dict()["conflicts"] == []


class _Page(HTMLParser):
    """Collects what the report's structure test needs."""

    def __init__(self):
        super().__init__()
        self.ids, self.hrefs, self.th, self.rows, self.scripts, self.external = set(), [], 0, 0, 0, []
        self._in_body = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"])
        if tag == "th":
            self.th += 1
        if tag == "tbody":
            self._in_body = True
        if tag == "tr" and self._in_body:
            self.rows += 1
        if tag == "script":
            self.scripts += 1
        for k in ("src", "href"):
            if a.get(k, "").startswith(("http:", "https:", "//")):
                self.external.append(a[k])

    def handle_endtag(self, tag):
        if tag == "tbody":
            self._in_body = False


def test_cli_writes_csv_jsonl_parquet_and_a_self_contained_html(tmp_path):
    out_csv, html = tmp_path / "t.csv", tmp_path / "r.html"
    res = runner.invoke(app, ["officials", str(RAW), "-o", str(out_csv), "--html", str(html)])
    assert res.exit_code == 0, res.output
    assert "mentions of officials" in res.output and "persons" in res.output
    rows = {r["name"]: r for r in csv.DictReader(out_csv.open(encoding="utf-8"))}
    assert rows["Lê Hồng Nam"]["ranks"] == "Trung tướng (2024-03-22)"
    assert rows["Lê Hồng Nam"]["posts"] == "Giám đốc — Công an TP.HCM"
    assert rows["Nguyễn Thanh Tuấn"]["n_articles"] == "2"
    assert rows["Nguyễn Thanh Tuấn"]["first_seen"] == "2023-08-09" and rows["Nguyễn Thanh Tuấn"]["last_seen"] == "2024-03-22"
    assert "Lê Hồng Nam" in rows["Lê Hồng Nam"]["evidence"]

    page = _Page()
    page.feed(html.read_text(encoding="utf-8"))
    assert page.th == 8 and page.rows == len(rows) and page.scripts == 1 and not page.external
    anchors = [h for h in page.hrefs if h.startswith("#ev-")]
    assert len(anchors) == len(rows) and all(h[1:] in page.ids for h in anchors)

    out_jsonl = tmp_path / "t.jsonl"
    assert runner.invoke(app, ["officials", str(RAW), "-o", str(out_jsonl)]).exit_code == 0
    recs = [json.loads(x) for x in out_jsonl.read_text(encoding="utf-8").splitlines()]
    bqt = next(r for r in recs if r["name"] == "Bùi Quang Thanh")
    assert bqt["ranks"] == [{"rank": "Thiếu tướng", "dates": ["2024-08-16"]}]
    assert "Giám đốc — Công an tỉnh Nghệ An" in bqt["posts"]

    pq = pytest.importorskip("pyarrow.parquet")
    out_pq = tmp_path / "t.parquet"
    assert runner.invoke(app, ["officials", str(RAW), "-o", str(out_pq)]).exit_code == 0
    assert pq.read_table(out_pq).num_rows == len(rows)


def test_cli_errors_say_what_to_do(tmp_path):
    res = runner.invoke(app, ["officials", str(RAW), "-o", str(tmp_path / "t.xlsx")])
    assert res.exit_code == 2 and ".csv, .jsonl or .parquet" in res.output
    res = runner.invoke(app, ["officials", str(RAW)])
    assert res.exit_code == 2 and "-o table.csv" in res.output
    res = runner.invoke(app, ["officials", str(tmp_path / "missing"), "-o", str(tmp_path / "t.csv")])
    assert res.exit_code == 2 and "does not exist" in res.output


def test_seed_link_gold_is_consistent_and_the_linker_scores_on_it():
    gold = gold_links(LINKS_DIR / "seeds.links.jsonl", SEEDS)
    assert len(gold) == 66
    sc = score_links(predicted_links(SEEDS), gold)
    p, r, f = sc.prf()
    assert f >= 0.95, (p, r, f)
    # a wrong rank is a false positive and a false negative
    wrong = {(*x[:5], "thượng tá") if x[4] == "rank" else x for x in gold}
    assert score_links(wrong, gold).prf("rank")[2] == 0.0


def test_every_link_file_is_offsets_only():
    for f in sorted(LINKS_DIR.glob("*.links.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            assert set(r) <= {"set", "doc", "para", "person", "rank", "posts"}, f
            spans = [r["rank"]] + [x for p in r["posts"] for x in (p["post"], p["agency"])]
            assert all(s is None or (len(s) == 3 and all(isinstance(v, int) for v in s)) for s in spans), f


def test_case_variants_of_one_rank_or_post_are_one_value_not_a_conflict():
    table = OfficialsTable()
    a = "Thiếu Tướng Phan Anh Minh, Phó giám đốc Công an TP.HCM, nói."
    b = "Thiếu tướng Phan Anh Minh, Phó Giám đốc Công an TPHCM, nói."
    table.add("a", "2017-06-02", _recs(a, ("Thiếu Tướng", "RANK"), ("Phan Anh Minh", "PERSON"), ("Công an TP.HCM", "AGENCY")))
    table.add("b", "2017-06-02", _recs(b, ("Thiếu tướng", "RANK"), ("Phan Anh Minh", "PERSON"), ("Công an TPHCM", "AGENCY")))
    row = table.sorted_rows()[0].to_dict()
    assert row["ranks"] == [{"rank": "Thiếu tướng", "dates": ["2017-06-02"]}]
    assert row["posts"] == ["Phó giám đốc — Công an TP.HCM"] and row["conflicts"] == []


def test_workers_give_the_same_table_as_one_process(tmp_path):
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert runner.invoke(app, ["officials", str(RAW), "-o", str(one)]).exit_code == 0
    res = runner.invoke(app, ["officials", str(RAW), "-o", str(two), "--workers", "2"])
    assert res.exit_code == 0, res.output
    assert two.read_text(encoding="utf-8") == one.read_text(encoding="utf-8")
