"""Tiny models the tests build themselves: no hub, no download, seconds on CPU.

``write_tiny_phobert_tokenizer`` writes a real ``PhobertTokenizer`` (vocab + BPE codes)
whose vocabulary is single characters, so every word splits into characters: enough to
exercise the slow-tokenizer path (no offsets, no ``word_ids``) exactly as PhoBERT does.
"""
from __future__ import annotations

import string
from pathlib import Path

VI_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
)
CHARS = sorted(set(VI_LETTERS + VI_LETTERS.upper() + string.digits + string.punctuation + "…"))


def write_tiny_phobert_tokenizer(path: str | Path, extra_words: tuple[str, ...] = ()) -> Path:
    from transformers import PhobertTokenizer

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    lines = [f"{c} 1" for c in CHARS] + [f"{c}@@ 1" for c in CHARS] + [f"{w} 1" for w in extra_words]
    (path / "vocab.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (path / "bpe.codes").write_text("#version: 0.2\n", encoding="utf-8")
    tok = PhobertTokenizer(str(path / "vocab.txt"), str(path / "bpe.codes"))
    tok.save_pretrained(str(path))
    return path


def tiny_roberta_config(vocab_size: int, **overrides):
    from transformers import RobertaConfig

    from model.labels import ID2LABEL, LABEL2ID

    kw = dict(
        vocab_size=vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=258, pad_token_id=1, bos_token_id=0,
        eos_token_id=2, type_vocab_size=1, id2label=dict(ID2LABEL), label2id=dict(LABEL2ID),
    )
    kw.update(overrides)
    return RobertaConfig(**kw)


def write_tiny_model_dir(path: str | Path, segmenter: str = "syllable", seed: int = 0) -> Path:
    """A complete, randomly initialised anninh model directory (tokenizer, weights, meta)."""
    import torch
    from transformers import AutoTokenizer, RobertaForTokenClassification

    from model.modeldir import ModelMeta, write_meta

    path = Path(path)
    write_tiny_phobert_tokenizer(path)
    tok = AutoTokenizer.from_pretrained(str(path))
    torch.manual_seed(seed)
    model = RobertaForTokenClassification(tiny_roberta_config(len(tok)))
    model.save_pretrained(str(path))
    write_meta(path, ModelMeta(segmenter=segmenter, max_length=32, stride=4,
                               backbone={"requested": "tiny-test", "used": "tiny-test", "pretrained": False}))
    return path
