"""scripts/spans_from_surfaces.py: hand labels written as surfaces become exact offsets."""
import hashlib
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from spans_from_surfaces import SurfaceError, convert, place  # noqa: E402

TEXT = "Ông Nam gặp người Namibia, rồi ông Nam đến Bộ Công an; Nam về."


def test_each_surface_goes_to_its_next_whole_word_occurrence():
    spans = place(TEXT, [["Nam", "PERSON"], ["Nam", "PERSON"], ["Bộ Công an", "AGENCY"]], "t")
    assert [TEXT[s:e] for s, e, _ in spans] == ["Nam", "Nam", "Bộ Công an"]
    assert spans[1][0] == TEXT.index("ông Nam") + 4  # "Namibia" is skipped: it would cut a word


def test_a_count_skips_unlabelled_occurrences():
    spans = place(TEXT, [["Nam", "PERSON", 3]], "t")
    assert spans == [[TEXT.rindex("Nam"), TEXT.rindex("Nam") + 3, "PERSON"]]


@pytest.mark.parametrize("items, message", [
    ([["Hà Nội", "LOCATION"]], "not found"),
    ([["Bộ Công an", "AGENCY"], ["Nam", "PERSON"], ["Ông Nam", "PERSON"]], "not found"),  # reading order
    ([["Nam", "PLACE"]], "none of"),
    ([[" Nam", "PERSON"]], "space"),
])
def test_a_surface_that_cannot_be_placed_is_named(items, message):
    with pytest.raises(SurfaceError, match=message):
        place(TEXT, items, "d#1")


def test_convert_writes_every_paragraph_with_its_sha1():
    paras = [{"doc": "d", "para": 0, "text": "Tiêu đề"}, {"doc": "d", "para": 1, "text": TEXT}]
    out = convert(paras, [{"doc": "d", "para": 1, "entities": [["Bộ Công an", "AGENCY"]]}], "news-x")
    assert [r["entities"] for r in out] == [[], [[43, 53, "AGENCY"]]]
    assert out[1]["sha1"] == hashlib.sha1(TEXT.encode("utf-8")).hexdigest() and out[1]["set"] == "news-x"
    with pytest.raises(SurfaceError, match="do not exist"):
        convert(paras, [{"doc": "d", "para": 7, "entities": []}], "news-x")
