"""The gold loader reads the seed gold and rejects corrupted copies with a precise message."""
import json
import os

import pytest

from train.corpus.gold import GoldFormatError, load_gold, write_gold

GOLD = os.path.join(os.path.dirname(__file__), "..", "data", "gold", "seeds.gold.jsonl")


def test_seed_gold_loads_all_entities():
    gold = load_gold(GOLD)
    assert len(gold) == 66
    assert sum(len(p.entities) for p in gold) == 143
    by_label = {}
    for p in gold:
        for s, e, lab in p.entities:
            by_label[lab] = by_label.get(lab, 0) + 1
            assert p.text[s:e] == p.text[s:e].strip()
    assert by_label == {"AGENCY": 59, "RANK": 18, "PERSON": 30, "LOCATION": 36}


def _corrupt(tmp_path, mutate):
    lines = open(GOLD, encoding="utf-8").read().splitlines()
    recs = [json.loads(x) for x in lines]
    mutate(recs)
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda r: r[1]["entities"][0].__setitem__(1, 10_000), "outside the text"),
        (lambda r: r[1]["entities"][0].__setitem__(1, 12), "whitespace"),
        (lambda r: r[1]["entities"][0].__setitem__(2, "ORG"), "unknown label 'ORG'"),
        (lambda r: r[1]["entities"].append([0, 5, "RANK"]), "overlap"),
        (lambda r: r[1].pop("text"), "missing key 'text'"),
        (lambda r: r.append(dict(r[1])), "duplicate record"),
    ],
)
def test_corrupted_gold_is_rejected_naming_doc_and_paragraph(tmp_path, mutate, message):
    path = _corrupt(tmp_path, mutate)
    with pytest.raises(GoldFormatError) as exc:
        load_gold(path)
    msg = str(exc.value)
    assert message in msg
    assert "bad.jsonl:" in msg
    if "missing key" not in message:
        assert "000_a4485ea5e863f0e5" in msg and "para 1" in msg


def test_invalid_json_names_the_line(tmp_path):
    path = tmp_path / "broken.jsonl"
    path.write_text('{"doc": "a", "para": 0, "text": "x", "entities": []}\n{not json\n', encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"broken.jsonl:2: not valid JSON"):
        load_gold(path)


def test_missing_file_says_what_is_expected(tmp_path):
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_gold(tmp_path / "nope.jsonl")


def test_write_then_load_round_trips(tmp_path):
    gold = load_gold(GOLD)
    write_gold(tmp_path / "copy.jsonl", gold)
    again = load_gold(tmp_path / "copy.jsonl")
    assert [(p.doc, p.para, p.text, p.entities) for p in again] == [(p.doc, p.para, p.text, p.entities) for p in gold]


# ------------------------------------------------------------ issue 10: one-line errors
@pytest.mark.parametrize("content, says", [
    ("", "holds no records"),
    ("\n  \n", "holds no records"),
    ('{"doc": "Công an", "para": 0, "text": "Huế", "entities": []}\n'.encode("latin-1", "replace"), "not UTF-8"),
    ("[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
], ids=["empty", "blank-lines", "latin-1", "deeply-nested"])
def test_unreadable_gold_is_a_gold_format_error(tmp_path, content, says):
    path = tmp_path / "g.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content.replace(b"?", b"\xe9"))
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError, match=says):
        load_gold(path)


def test_write_gold_keeps_the_old_file_when_writing_fails(tmp_path):
    path = tmp_path / "silver.jsonl"
    path.write_text("old\n", encoding="utf-8")

    class Boom(list):
        def __iter__(self):
            yield from load_gold(GOLD)[:2]
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_gold(path, Boom())
    assert path.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["silver.jsonl"]
