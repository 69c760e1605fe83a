"""TokenClassifier: windows, batching, repair and offsets, checked on tiny models."""
from __future__ import annotations

import shutil

import pytest

from inference_helpers import TRICKY_TEXTS, edit_json, forced_model_dir, tiny_model_dir
from model.classifier import TokenClassifier
from model.modeldir import ModelDirError
from model.text.paragraphs import MAX_PIECE_CHARS, cut_long_line, iter_paragraphs, split_paragraphs
from model.text.sentences import split_sentences
from model.text.tokens import tokenize

pytestmark = pytest.mark.slow


def doc_tokens(text):
    """Syllable tokens of every paragraph, with document offsets."""
    out = []
    for p in split_paragraphs(text):
        out += [(p.start + t.start, p.start + t.end) for t in tokenize(p.text)]
    return out


@pytest.fixture(scope="module")
def b_person():
    return TokenClassifier(forced_model_dir("B-PERSON"))


@pytest.fixture(scope="module")
def i_person():
    return TokenClassifier(forced_model_dir("I-PERSON"))


@pytest.fixture(scope="module")
def rand():
    return TokenClassifier(tiny_model_dir(0))


# One sentence (no sentence end inside) far longer than the tiny model's 32 subwords.
LONG_PARA = ", và ".join(
    f"Đại tá Nguyễn Văn {chr(65 + i % 26)}, Giám đốc Công an tỉnh Thừa Thiên Huế làm việc ngày {i}/3"
    for i in range(40)
) + "."


def doc_sentences(text):
    """Character extent of every sentence, with document offsets."""
    out = []
    for p in split_paragraphs(text):
        toks = tokenize(p.text)
        out += [(p.start + toks[i].start, p.start + toks[j - 1].end) for i, j in split_sentences(toks)]
    return out


@pytest.mark.parametrize("name", sorted(TRICKY_TEXTS))
def test_every_word_is_an_entity_with_exact_offsets(b_person, name):
    text = TRICKY_TEXTS[name]
    ents = b_person.predict(text)
    assert [(e.start, e.end) for e in ents] == doc_tokens(text)
    for e in ents:
        assert text[e.start : e.end] == e.text and e.label == "PERSON"
        assert e.text == e.text.strip() and 0.99 < e.score <= 1.0


def test_long_paragraph_is_windowed_and_every_word_predicted_once(b_person):
    units = list(b_person.units([LONG_PARA]))
    assert len(units) == 1 and len(units[0].windows) > 20  # max_length 32 forces many windows
    assert all(len(w.input_ids) <= b_person.meta.max_length for w in units[0].windows)
    ents = b_person.predict(LONG_PARA)
    assert [(e.start, e.end) for e in ents] == doc_tokens(LONG_PARA)


def test_i_tags_are_repaired_into_one_span_per_sentence_across_windows(i_person):
    text = LONG_PARA + "\n\n" + TRICKY_TEXTS["html"] + " Câu thứ hai. Câu thứ ba"
    assert len(doc_sentences(text)) == 4
    ents = i_person.predict(text)
    # An I- run with no B- reads as one entity (seqeval's reading); the model reads
    # sentence by sentence, so each sentence is one entity, whatever its windows.
    assert [(e.start, e.end) for e in ents] == doc_sentences(text)
    assert all(e.label == "PERSON" for e in ents)


def test_random_model_offsets_always_valid_on_long_input(rand):
    text = (LONG_PARA + "\n") * 3 + "".join(TRICKY_TEXTS.values())
    ents = rand.predict(text)
    assert ents, "a random model predicts some entities"
    for e in ents:
        assert 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text
        assert e.label in {"AGENCY", "RANK", "PERSON", "LOCATION"} and 0.0 <= e.score <= 1.0
    assert all(a.end <= b.start for a, b in zip(ents, ents[1:]))


def test_batching_and_padding_do_not_change_predictions():
    texts = [LONG_PARA[:300], "Thiếu tá Lê C.", TRICKY_TEXTS["nfd"], LONG_PARA, "Bộ Công an"]
    big = TokenClassifier(tiny_model_dir(0), batch_size=16)
    one = TokenClassifier(tiny_model_dir(0), batch_size=1)
    together = big.predict_spans(texts)
    alone = [one.predict_spans([t])[0] for t in texts]
    for a, b in zip(together, alone):
        assert [s[:3] for s in a] == [s[:3] for s in b]
        assert all(abs(x[3] - y[3]) < 1e-4 for x, y in zip(a, b))


@pytest.mark.parametrize("name", sorted(TRICKY_TEXTS))
def test_lazy_paragraphs_are_the_documents_paragraphs(name):
    text = "\n\n  \n" + TRICKY_TEXTS[name] + "\u2028x\r\n\x85 y \n"
    assert list(iter_paragraphs(text)) == [(p.index, p.start, p.text) for p in split_paragraphs(text)]


def test_cut_long_line_prefers_sentence_ends_and_keeps_every_char():
    line = " ".join(f"Câu số {i} nói về Công an tỉnh Nghệ An." for i in range(400))
    pieces = list(cut_long_line(line, 100))
    assert len(pieces) > 1
    assert "".join(p for _, p in pieces) == line
    assert all(len(p) <= MAX_PIECE_CHARS for _, p in pieces)
    assert [o for o, _ in pieces] == [100 + sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]
    assert all(p.rstrip().endswith(".") for _, p in pieces[:-1])
    # No sentence end and no space at all: still cut, still lossless.
    blob = "x" * (MAX_PIECE_CHARS * 2 + 5)
    assert "".join(p for _, p in cut_long_line(blob, 0)) == blob


def test_very_long_single_line_maps_offsets_through_pieces(b_person):
    line = " ".join(f"Câu số {i} nói về Công an tỉnh Nghệ An." for i in range(300))
    assert len(line) > 2 * MAX_PIECE_CHARS
    ents = b_person.predict(line)
    assert [(e.start, e.end) for e in ents] == doc_tokens(line)


def test_empty_and_blank_texts(b_person):
    assert b_person.predict("") == []
    assert b_person.predict(" \n\t\u200b \n") == []


def test_missing_weights_named(tmp_path):
    d = shutil.copytree(tiny_model_dir(0), tmp_path / "m")
    (d / "model.safetensors").unlink()
    with pytest.raises(ModelDirError, match="model.safetensors"):
        TokenClassifier(d)


@pytest.mark.parametrize("missing", [("tokenizer_config.json",), ("vocab.txt",), ("bpe.codes",)])
def test_missing_tokenizer_file_named(tmp_path, missing):
    # transformers alone would silently build an empty tokenizer here.
    d = shutil.copytree(tiny_model_dir(0), tmp_path / "m")
    for f in missing:
        (d / f).unlink()
    with pytest.raises(ModelDirError, match=missing[0] if missing[0] != "vocab.txt" else "vocabulary"):
        TokenClassifier(d)


def test_other_label_set_named(tmp_path):
    d = shutil.copytree(tiny_model_dir(0), tmp_path / "m")
    edit_json(d / "anninh.json", labels=["O", "B-PER", "I-PER"])
    with pytest.raises(ModelDirError, match="anninh.json"):
        TokenClassifier(d)
    d2 = shutil.copytree(tiny_model_dir(0), tmp_path / "m2")
    edit_json(d2 / "config.json", id2label={"0": "O", "1": "B-ORG", "2": "I-ORG"})
    with pytest.raises(ModelDirError, match="config.json"):
        TokenClassifier(d2)


def test_window_longer_than_encoder_named(tmp_path):
    d = shutil.copytree(tiny_model_dir(0), tmp_path / "m")
    edit_json(d / "anninh.json", max_length=1024)
    with pytest.raises(ModelDirError, match="max_length"):
        TokenClassifier(d)


def test_quantized_model_predicts_valid_spans():
    q = TokenClassifier(forced_model_dir("B-PERSON"), device="cpu", quantize=True)
    text = TRICKY_TEXTS["html"]
    assert [(e.start, e.end) for e in q.predict(text)] == doc_tokens(text)


@pytest.mark.parametrize("file, content", [
    ("anninh.json", []),
    ("anninh.json", "just a string"),
    ("anninh.json", {"max_length": "abc"}),
    ("anninh.json", {"max_length": 256.5}),
    ("anninh.json", {"stride": 400}),
    ("anninh.json", {"labels": "O"}),
    ("config.json", [1, 2]),
    ("config.json", {"id2label": {"a": "O"}}),
    ("config.json", {"id2label": ["O"]}),
], ids=lambda v: str(v)[:30])
def test_malformed_model_dir_files_are_model_dir_errors_naming_the_file(tmp_path, file, content):
    """Issue 10: these raised TypeError/ValueError/AttributeError from deep inside."""
    import json

    d = shutil.copytree(tiny_model_dir(0), tmp_path / "m")
    if isinstance(content, dict):
        edit_json(d / file, **content)
    else:
        (d / file).write_text(json.dumps(content), encoding="utf-8")
    with pytest.raises(ModelDirError, match=file.replace(".", r"\.")):
        TokenClassifier(d)
