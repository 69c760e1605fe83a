"""Model directories for the inference tests, built once per test process.

Besides the random tiny model, ``forced_model_dir(tag)`` gives a tiny model whose
classifier ignores its input and always predicts ``tag``: with ``B-PERSON`` every word
must come back as its own entity, with ``I-PERSON`` every paragraph as one repaired
entity, whatever windows the text was cut into. That makes exact expectations possible
without training anything.
"""
from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

from tinymodels import write_tiny_model_dir

_ROOT = Path(tempfile.mkdtemp(prefix="anninh-inference-tests-"))
atexit.register(shutil.rmtree, _ROOT, True)

TRICKY_TEXTS = {
    "nfd": "\u0110a\u0323i ta\u0301 Nguye\u0302\u0303n Va\u0306n Hu\u0300ng, Co\u0302ng an ti\u0309nh Thu\u031b\u0300a Thie\u0302n Hue\u0302\u0301.",
    "html": "Công an TP.HCM &amp; Bộ Công an&nbsp;làm việc<br>Đại tá Lê Văn A tại <b>Hà Nội</b>.",
    "zero_width": "Công\u200b an Hà\u200bNội và\u00ad Trung\u200d tướng Tô\ufeff Lâm.",
    "emoji": "🚓 Công an 👮‍♂️ Hà Nội 🇻🇳 bắt giữ Nguyễn Văn 😀 B.",
    "crlf": "Dòng một: Công an Huế.\r\n\r\n   \r\nDòng hai: Thiếu tá Lê C.\r\n",
}


@lru_cache(maxsize=None)
def tiny_model_dir(seed: int = 0) -> Path:
    return write_tiny_model_dir(_ROOT / f"tiny-{seed}", seed=seed)


@lru_cache(maxsize=None)
def forced_model_dir(tag: str) -> Path:
    """A tiny model that predicts ``tag`` for every subword."""
    import torch
    from transformers import AutoModelForTokenClassification

    from model.labels import LABEL2ID

    src = tiny_model_dir(0)
    dst = _ROOT / f"forced-{tag}"
    shutil.copytree(src, dst)
    model = AutoModelForTokenClassification.from_pretrained(str(dst), use_safetensors=True)
    with torch.no_grad():
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        model.classifier.bias[LABEL2ID[tag]] = 5.0
    model.save_pretrained(str(dst))
    return dst


def copy_model_dir(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


def edit_json(path: Path, **changes) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
