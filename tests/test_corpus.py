"""Reading a raw corpus folder: encodings, empty and unreadable files, clear errors."""
import pytest

from train.corpus.reader import CorpusError, CorpusWarning, read_corpus
from train.corpus.labeling import label_corpus, silver_paragraphs


def _write(tmp_path, files: dict):
    for name, content in files.items():
        p = tmp_path / name
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    return tmp_path


def test_missing_not_a_folder_and_empty_folder_are_clear_errors(tmp_path):
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus(tmp_path / "nope")
    f = tmp_path / "a.txt"
    f.write_text("x", encoding="utf-8")
    with pytest.raises(CorpusError, match="is a file, not a folder"):
        read_corpus(f)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.md").write_text("not an article", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"no \*\.txt files"):
        read_corpus(empty)


def test_bad_files_are_skipped_with_a_reason_and_a_warning_naming_them(tmp_path):
    _write(tmp_path, {
        "b_ok.txt": "Đại tá Lê Văn Hòa thăm huyện Mường Lát.",
        "a_cp1258.txt": "Công an Sóc Trăng".encode("cp1258"),
        "c_empty.txt": "  \n\n",
        "d_bom.txt": "\ufeffThiếu tá Vi Văn Lừng".encode("utf-8"),
        "e_utf16.txt": "Công an".encode("utf-16"),
    })
    with pytest.warns(CorpusWarning) as rec:
        cr = read_corpus(tmp_path)
    assert [d for d, _ in cr.docs] == ["b_ok", "d_bom"]
    assert cr.docs[1][1].startswith("Thiếu tá")  # the BOM is dropped
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in cr.skipped}
    assert set(reasons) == {"a_cp1258.txt", "c_empty.txt", "e_utf16.txt"}
    assert reasons["a_cp1258.txt"].startswith("not UTF-8") and "iconv" in reasons["a_cp1258.txt"]
    assert reasons["c_empty.txt"].startswith("empty")
    messages = " ".join(str(w.message) for w in rec)
    for name in reasons:
        assert name in messages
    assert cr.n_files == 5


def test_label_corpus_counts_and_silver_for_training(tmp_path):
    _write(tmp_path, {
        "x1.txt": "Trung úy Đặng Văn Quyết, Công an huyện Bát Xát.\nMới nhất\n",
        "x2.txt": "Trời hôm nay đẹp, không có gì đặc biệt.",
        "x3.txt": b"\xff\xfe\x00bad",
    })
    with pytest.warns(CorpusWarning):
        lc = label_corpus(tmp_path, progress=False)
    c = lc.counts
    assert (c["files"], c["documents"], c["skipped_files"]) == (3, 2, 1)
    assert c["documents_without_entities"] == 1 and c["boilerplate_paragraphs"] == 1
    assert c["entities_by_label"] == {"AGENCY": 1, "RANK": 1, "PERSON": 1, "LOCATION": 0}
    assert [(g.doc, g.para) for g in lc.silver] == [("x1", 0), ("x1", 1), ("x2", 0)]
    with pytest.warns(CorpusWarning):
        train = silver_paragraphs(tmp_path)
    assert [(g.doc, g.para) for g in train] == [("x1", 0), ("x2", 0)]  # boilerplate left out
    g = train[0]
    assert [g.text[s:e] for s, e, _ in g.entities] == ["Trung úy", "Đặng Văn Quyết", "Công an huyện Bát Xát"]
