"""Typed config for ``anninh pretrain`` (masked-LM pretraining of the encoder).

Same strict loading as the training config (:mod:`train.training.config`): unknown keys, wrong
types and bad values fail before any work, naming the dotted key and the file.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional

from .config import _NAME, ConfigError, RunConfig, read_yaml_config, typed_from_dict


@dataclass
class EncoderConfig:
    """``init: scratch`` builds a PhoBERT-architecture RoBERTa at the size below;
    anything else is a hub name or folder to continue from (real PhoBERT for domain
    adaptation, or an earlier anninh-pretrain encoder), whose size and vocabulary are kept."""

    init: str = "scratch"
    # Scratch only: PhoBERT's tokenizer folder (vocab.txt + bpe.codes); null trains a BPE
    # vocabulary on the corpus words ($ANNINH_PHOBERT_DIR is NOT used implicitly here,
    # because a 64K vocabulary would not fit a small shipped encoder).
    tokenizer_dir: Optional[str] = None
    vocab_size: int = 8000
    min_frequency: int = 2
    tokenizer_sample_words: int = 5_000_000  # words read to train the vocabulary
    hidden_size: int = 256
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    dropout: float = 0.1
    max_position_embeddings: int = 258  # PhoBERT's: 256 positions after the padding offset


@dataclass
class PretrainDataConfig:
    corpus: list[str] = field(default_factory=lambda: ["data/raw"])  # folders, .txt, .jsonl[.gz]
    max_chars: Optional[int] = None  # read at most this many characters (whole articles)
    segmenter: str = "underthesea"
    skip_boilerplate: bool = True
    block_size: int = 128  # subwords per example, <s> and </s> included
    heldout_fraction: float = 0.01  # articles held out for MLM loss / perplexity
    heldout_max_blocks: int = 2000
    num_proc: int = 1
    cache_dir: Optional[str] = None


@dataclass
class PretrainTrainingConfig:
    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["fp32", "fp16", "bf16"] = "fp32"
    epochs: float = 1.0
    max_steps: int = -1
    # A wall-clock budget: training stops cleanly after this many minutes (the learning-rate
    # schedule still follows max_steps/epochs), evaluates and writes the encoder. May be
    # changed on --resume.
    max_minutes: Optional[float] = None
    # Stop at this step (the schedule still follows max_steps/epochs): how an encoder
    # that a time budget stopped is reproduced exactly. May be changed on --resume.
    stop_after_steps: Optional[int] = None
    batch_size: int = 32
    eval_batch_size: int = 64
    gradient_accumulation_steps: int = 1
    learning_rate: float = 5.0e-4
    lr_scheduler: Literal["linear", "cosine", "constant_with_warmup"] = "linear"
    warmup_ratio: float = 0.05
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    mlm_probability: float = 0.15
    whole_word_mask: bool = True
    seed: int = 42
    eval_every_steps: int = 500
    save_every_steps: int = 250
    save_total_limit: int = 2
    logging_steps: int = 50
    dataloader_num_workers: int = 0
    progress: bool = True


@dataclass
class PretrainConfig(RunConfig):
    name: str = "encoder"
    output_dir: str = "runs"
    description: str = ""
    encoder: EncoderConfig = field(default_factory=EncoderConfig)
    data: PretrainDataConfig = field(default_factory=PretrainDataConfig)
    training: PretrainTrainingConfig = field(default_factory=PretrainTrainingConfig)


def validate_pretrain(cfg: PretrainConfig) -> PretrainConfig:
    def need(ok: bool, path: str, msg: str) -> None:
        if not ok:
            raise ConfigError(f"{path}: {msg}")

    def finite(path: str, v: float) -> None:
        need(math.isfinite(v), path, f"must be a finite number, got {v}")

    need(bool(_NAME.match(cfg.name)), "name", f"must be a plain directory name (letters, digits, . _ -), got {cfg.name!r}")
    e = cfg.encoder
    need(bool(e.init.strip()), "encoder.init", "must be 'scratch' or a hub name / local encoder folder")
    for key in ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "min_frequency",
                "tokenizer_sample_words"):
        need(getattr(e, key) >= 1, f"encoder.{key}", f"must be at least 1, got {getattr(e, key)}")
    need(e.vocab_size >= 300, "encoder.vocab_size", f"must be at least 300, got {e.vocab_size}")
    need(e.hidden_size % e.num_attention_heads == 0, "encoder.hidden_size",
         f"must be a multiple of encoder.num_attention_heads ({e.num_attention_heads}), got {e.hidden_size}")
    finite("encoder.dropout", e.dropout)
    need(0.0 <= e.dropout < 1.0, "encoder.dropout", f"must be in [0, 1), got {e.dropout}")
    d = cfg.data
    need(bool(d.corpus), "data.corpus", "must name at least one folder or file")
    from model.text.wordseg import SEGMENTERS

    need(d.segmenter in SEGMENTERS, "data.segmenter", f"unknown segmenter {d.segmenter!r}; choose one of {', '.join(sorted(SEGMENTERS))}")
    need(8 <= d.block_size <= e.max_position_embeddings - 2, "data.block_size",
         f"must be between 8 and encoder.max_position_embeddings - 2 ({e.max_position_embeddings - 2}), got {d.block_size}")
    need(d.max_chars is None or d.max_chars > 0, "data.max_chars", f"must be null or > 0, got {d.max_chars}")
    finite("data.heldout_fraction", d.heldout_fraction)
    need(0.0 <= d.heldout_fraction < 0.5, "data.heldout_fraction", f"must be in [0, 0.5), got {d.heldout_fraction}")
    need(d.num_proc >= 1, "data.num_proc", f"must be at least 1, got {d.num_proc}")
    t = cfg.training
    for key in ("epochs", "learning_rate", "warmup_ratio", "weight_decay", "max_grad_norm", "mlm_probability"):
        finite(f"training.{key}", getattr(t, key))
    need(t.epochs > 0, "training.epochs", f"must be > 0, got {t.epochs}")
    need(t.stop_after_steps is None or t.stop_after_steps >= 1, "training.stop_after_steps",
         f"must be null or >= 1, got {t.stop_after_steps}")
    if t.max_minutes is not None:
        finite("training.max_minutes", t.max_minutes)
        need(t.max_minutes > 0, "training.max_minutes", f"must be null or > 0, got {t.max_minutes}")
    need(t.max_steps == -1 or t.max_steps > 0, "training.max_steps", f"must be -1 (use epochs) or > 0, got {t.max_steps}")
    for key in ("batch_size", "eval_batch_size", "gradient_accumulation_steps", "logging_steps", "save_total_limit",
                "eval_every_steps", "save_every_steps"):
        need(getattr(t, key) >= 1, f"training.{key}", f"must be at least 1, got {getattr(t, key)}")
    need(0 < t.learning_rate < 1, "training.learning_rate", f"must be in (0, 1), got {t.learning_rate}")
    need(0.0 <= t.warmup_ratio < 1.0, "training.warmup_ratio", f"must be in [0, 1), got {t.warmup_ratio}")
    need(0.0 < t.mlm_probability < 1.0, "training.mlm_probability", f"must be in (0, 1), got {t.mlm_probability}")
    need(t.seed >= 0, "training.seed", f"must be >= 0, got {t.seed}")
    return cfg


def pretrain_config_from_dict(data: Any, overrides: list[str] | None = None, source: str = "config") -> PretrainConfig:
    return typed_from_dict(PretrainConfig, validate_pretrain, data, overrides, source)


def load_pretrain_config(path: str | Path, overrides: list[str] | None = None) -> PretrainConfig:
    data = read_yaml_config(path, "try configs/pretrain.yaml or configs/pretrain-tiny.yaml")
    return pretrain_config_from_dict(data, overrides, source=str(path))
