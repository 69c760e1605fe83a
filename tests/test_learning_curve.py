"""scripts/learning_curve.py: the table and the plot it writes from scored points."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("learning_curve", ROOT / "scripts" / "learning_curve.py")
lc = importlib.util.module_from_spec(spec)
sys.modules["learning_curve"] = lc  # dataclasses look their module up
spec.loader.exec_module(lc)


def points():
    P = lc.Point
    out = [P(0, -1, "news-i", "rules", 0.935), P(0, -1, "dev-police", "rules", 0.993)]
    for seed, bump in ((42, 0.0), (7, 0.01)):
        for n, f1 in ((0, 0.93), (12, 0.94), (98, 0.96)):
            out.append(P(seed, n, "news-i", "model", f1 + bump))
            out.append(P(seed, n, "news-i", "hybrid", f1 + bump + 0.005))
            out.append(P(seed, n, "dev-police", "model", 0.97))
            out.append(P(seed, n, "dev-police", "hybrid", 0.98))
    return out


def test_table_has_a_row_per_point_with_the_seed_mean_and_the_rules_last():
    md = lc.table(points(), ["news-i", "dev-police"]).splitlines()
    assert md[0] == "| reviewed articles | model, news-i | hybrid, news-i | model, dev-police | hybrid, dev-police |"
    rows = [r for r in md if r.startswith("| ") and r[2].isdigit()]
    assert [r.split(" | ")[0] for r in rows] == ["| 0", "| 12", "| 98"]
    assert rows[2].split(" | ")[1] == "0.965 (0.970 / 0.960)"  # the mean, then seeds 7 and 42
    assert md[len(rows) + 2] == "| rules | 0.935 |  | 0.993 |  |"


def test_plot_writes_a_png(tmp_path):
    path = lc.plot(points(), ["news-i", "dev-police"], tmp_path / "curve.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000
