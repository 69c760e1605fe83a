"""Typed training configuration: YAML -> validated dataclasses, dotted overrides, resolved YAML.

A typo in a config file must fail before minutes of data preparation, not be ignored, so
loading is strict: every key must be a field of the dataclass at that place, every value
must have the field's type, and value checks run on the whole tree. Every message names
the dotted key (``training.epochs``) and the file it came from. ``--set a.b=v`` overrides
are applied to the raw mapping *before* validation, so an override is checked exactly as
if it had been written in the file. The resolved config (file + overrides) is saved with
every run so a model directory says how it was trained.

Relative paths (``data.corpus`` ...) are resolved from the current directory, as the
commands document (run them from the repository root).
"""
from __future__ import annotations

import dataclasses
import difflib
import math
import re
import types
import typing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, Optional, Union

import yaml

from model.labels import LABELS


class ConfigError(ValueError):
    """A config file or override is invalid; the message names the dotted key and the fix."""


# --------------------------------------------------------------------------- schema


@dataclass
class ScratchConfig:
    """A randomly initialised RoBERTa with PhoBERT's architecture, used when the pretrained
    backbone cannot be loaded (``backbone.fallback: scratch``)."""

    hidden_size: int = 256
    num_hidden_layers: int = 4
    num_attention_heads: int = 4
    intermediate_size: int = 1024
    dropout: float = 0.1
    # A model trained from scratch needs a far larger step than fine-tuning; when set,
    # this replaces training.learning_rate for scratch runs only.
    learning_rate: Optional[float] = 5.0e-4
    # Only for the corpus-trained vocabulary (no PhoBERT tokenizer folder available).
    vocab_size: int = 8000
    min_frequency: int = 2


@dataclass
class BundledConfig:
    """The small encoder pretrained by ``anninh pretrain`` and shipped in the package
    (``train/encoders/<encoder>``), used when the backbone cannot be loaded and
    ``backbone.fallback`` is ``bundled``."""

    encoder: str = "anninh-small"  # a folder name under train/encoders/, or a path
    # A pretrained encoder fine-tunes best with a step between PhoBERT's and scratch's.
    learning_rate: Optional[float] = 3.0e-4


@dataclass
class BackboneConfig:
    # Hub name or local directory (a copied PhoBERT folder). $ANNINH_BACKBONE overrides it.
    name: str = "vinai/phobert-base"
    # No pretrained backbone reachable: the shipped encoder (bundled), a random one
    # (scratch), or stop with the fix (error).
    fallback: Literal["bundled", "scratch", "error"] = "bundled"
    bundled: BundledConfig = field(default_factory=BundledConfig)
    # PhoBERT tokenizer folder (vocab.txt + bpe.codes) for the scratch model.
    # $ANNINH_PHOBERT_DIR is used when this is null.
    tokenizer_dir: Optional[str] = None
    # Never touch the network (also implied by HF_HUB_OFFLINE=1).
    local_files_only: bool = False
    scratch: ScratchConfig = field(default_factory=ScratchConfig)
    # Start from a model this project trained (its model/ folder) instead of the pretrained
    # encoder: the silver model of configs/corpus.yaml for strong + weak training
    # (configs/reviewed.yaml). null: start from backbone.name.
    init_from: Optional[str] = None


@dataclass
class PartialLabelsConfig:
    """Leave out of the loss the title-case words that the corpus writes capitalised
    mid-sentence (proper nouns) where the rules label nothing: their silence there is no
    evidence of O (train/training/partial.py)."""

    enabled: bool = False
    min_ratio: float = 0.9  # share of a word's occurrences capitalised mid-sentence, not lower-case
    min_count: int = 3  # capitalised mid-sentence occurrences needed to judge a word


@dataclass
class FinetuneConfig:
    """Step (c) of strong + weak training: after the joint fit, a short fine-tuning on the
    reviewed gold with a small replay of silver units, so the last word is the people's and
    the model does not forget what the silver taught (NEEDLE, Jiang et al. 2021)."""

    epochs: float = 0.0  # 0: no final fine-tuning
    learning_rate: float = 5.0e-5
    # silver units replayed beside the gold, as a share of the gold units (0: gold alone)
    silver_replay: float = 0.1


@dataclass
class ReviewedConfig:
    """Hand-labelled (reviewed) gold trained on beside the silver corpus: strong + weak
    training (train/training/reviewed.py). Gold is fully supervised: no self-training span
    and no partial-label mask ever touches it, and it replaces the silver labels of the same
    paragraph."""

    # gold JSONL files, or bundled gold sets by name (news-a ... news-h, news-m ... news-s, news-u ... news-ag,
    # police-a ... police-p, seeds);
    # the sets held out for evaluation (news-i, news-l, news-t, news-ah, police-q .. police-x, dev-police)
    # and data.dev_file are refused
    sets: list[str] = field(default_factory=list)
    # train on the first N reviewed articles of a fixed order (the learning curve); null: all
    max_articles: Optional[int] = None
    # step (b), noise-aware loss: a silver word's weight against 1.0 for a gold word
    silver_weight: float = 1.0
    repeat: int = 1  # each gold unit is seen this many times per epoch of the joint fit
    # the joint fit reads at most this many silver units, drawn with the seed; null: all
    silver_sample: Optional[int] = None
    # step (a) with backbone.init_from: the silver units completed by that model's confident
    # spans (training.self_training.threshold) where the rules abstain, before the joint fit
    complete: bool = True
    finetune: FinetuneConfig = field(default_factory=FinetuneConfig)


@dataclass
class DataConfig:
    # The raw corpus, labelled by the rules (silver labels): a folder of .txt articles, a
    # .txt file, a .jsonl/.jsonl.gz file with a "text" field, or a list of them. Segmented
    # and labelled once, then cached (train/corpus/prepare.py).
    # null: no raw corpus (train on data.train_file / data.reviewed only). The older
    # spelling ``data.corpus_dir`` is still read, with a warning (_corpus_dir_to_corpus).
    corpus: Optional[list[str]] = field(default_factory=lambda: ["data/raw"])
    max_chars: Optional[int] = None  # read at most this many corpus characters (whole articles)
    num_proc: int = 1  # worker processes for segmentation and labelling
    cache_dir: Optional[str] = None  # null: $ANNINH_CACHE or ~/.cache/anninh
    # Or/and an already labelled JSONL in the gold format (e.g. written by `anninh label`).
    train_file: Optional[str] = None
    dev_file: Optional[str] = "data/gold/seeds.gold.jsonl"
    segmenter: str = "underthesea"
    max_length: int = 256
    stride: int = 32
    # read consecutive sentences of a paragraph together, up to this many words, in
    # training and (recorded in the model) at inference: model/packing.py; 0: one sentence
    context_words: int = 0
    label_all_tokens: bool = False
    skip_boilerplate: bool = True
    partial_labels: PartialLabelsConfig = field(default_factory=PartialLabelsConfig)
    reviewed: ReviewedConfig = field(default_factory=ReviewedConfig)


@dataclass
class AugmentConfig:
    """Mention replacement: copies of training sentences with mentions swapped for others
    of the same type, so the model learns contexts rather than memorising names."""

    enabled: bool = True
    copies: int = 2  # augmented copies per sentence that holds an entity
    replace_prob: float = 0.8  # chance that each mention in a copy is replaced
    # Label -> lexicon names (model.rules.load_lexicon) that feed its replacement pool.
    lexicons: dict[str, list[str]] = field(
        default_factory=lambda: {"RANK": ["ranks"], "LOCATION": ["places", "countries"]}
    )
    # Lexicon of surnames used to make new PERSON names from the corpus' given names.
    person_surnames: Optional[str] = "surnames"
    use_corpus: bool = True  # mentions seen in the training corpus join the pools


@dataclass
class SelfTrainingConfig:
    """BOND-style self-training: after the first model, ``rounds`` times, the model
    relabels the training corpus; the next student learns from the rules' spans plus the
    model's confident spans where the rules abstain, continuing from the last weights."""

    rounds: int = 0
    threshold: float = 0.9  # a model span is kept when every word's probability reaches this
    epochs: float = 1.0  # per round
    max_steps: int = -1  # per round; > 0 overrides epochs
    # write the mean of every round's best weights (round 0 included) instead of the best
    # round: a "model soup" of the rounds, each a continuation of the one before. Its dev
    # F1 is reported beside the rounds'. Holds one copy of the weights per round in memory.
    average: bool = False


@dataclass
class TrainingConfig:
    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["fp32", "fp16", "bf16"] = "fp32"
    epochs: float = 20.0
    max_steps: int = -1  # > 0 overrides epochs
    batch_size: int = 16
    eval_batch_size: int = 32
    gradient_accumulation_steps: int = 1
    learning_rate: float = 5.0e-5
    lr_scheduler: Literal["linear", "cosine", "constant_with_warmup"] = "linear"
    warmup_ratio: float = 0.1
    weight_decay: float = 0.01
    max_grad_norm: float = 1.0
    seed: int = 42
    full_determinism: bool = True
    # Wall-clock budget of each fit (the first model, then each self-training student):
    # training stops cleanly, scores the last steps on dev and keeps the best checkpoint.
    # The learning-rate schedule still follows epochs/max_steps. null: no budget.
    max_minutes: Optional[float] = None
    early_stopping_patience: int = 5  # evaluations without dev F1 gain; 0 disables
    early_stopping_threshold: float = 0.0
    eval_every_steps: Optional[int] = None  # null: evaluate and checkpoint every epoch
    save_total_limit: int = 2
    logging_steps: int = 10
    group_by_length: bool = True
    dataloader_num_workers: int = 0
    progress: bool = True
    self_training: SelfTrainingConfig = field(default_factory=SelfTrainingConfig)


class RunConfig:
    """What every run config (training, pretraining) has: ``name`` and ``output_dir``
    give the run folder; the resolved config is saved there as YAML."""

    name: str
    output_dir: str

    @property
    def run_dir(self) -> Path:
        return Path(self.output_dir) / self.name

    def to_dict(self) -> dict:
        return asdict(self)

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), sort_keys=False, allow_unicode=True)


@dataclass
class Config(RunConfig):
    name: str = "base"  # run name: the run lives in <output_dir>/<name>/
    output_dir: str = "runs"
    description: str = ""
    backbone: BackboneConfig = field(default_factory=BackboneConfig)
    data: DataConfig = field(default_factory=DataConfig)
    augment: AugmentConfig = field(default_factory=AugmentConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)


# --------------------------------------------------------------------------- typed loading


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is Literal:
        return " | ".join(repr(a) for a in typing.get_args(tp))
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return " | ".join(_type_name(a) for a in args) + " | null"
    if origin is list:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if origin is dict:
        return f"mapping of {_type_name(typing.get_args(tp)[1])}"
    if dataclasses.is_dataclass(tp):
        return "mapping"
    return getattr(tp, "__name__", str(tp))


def _convert(value: Any, tp: Any, path: str) -> Any:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        (inner,) = [a for a in args if a is not type(None)]
        return _convert(value, inner, path)
    if value is None:
        raise ConfigError(f"{path}: must be {_type_name(tp)}, got null")
    if origin is Literal:
        choices = typing.get_args(tp)
        if value not in choices:
            raise ConfigError(f"{path}: must be one of {', '.join(map(repr, choices))}, got {value!r}")
        return value
    if dataclasses.is_dataclass(tp):
        return _build(tp, value, path)
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{path}: must be {_type_name(tp)}, got {type(value).__name__} {value!r}")
        (inner,) = typing.get_args(tp)
        return [_convert(v, inner, f"{path}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{path}: must be {_type_name(tp)}, got {type(value).__name__} {value!r}")
        _kt, vt = typing.get_args(tp)
        return {str(k): _convert(v, vt, f"{path}.{k}") for k, v in value.items()}
    if tp is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: must be true or false, got {value!r}")
        return value
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path}: must be an integer, got {type(value).__name__} {value!r}")
        return value
    if tp is float:
        if isinstance(value, bool):
            raise ConfigError(f"{path}: must be a number, got {value!r}")
        number = None
        if isinstance(value, (int, float)):
            number = float(value)
        elif isinstance(value, str):  # YAML 1.1 reads 1e-3 (no dot) as a string
            try:
                number = float(value)
            except ValueError:
                pass
        if number is None:
            raise ConfigError(f"{path}: must be a number, got {type(value).__name__} {value!r}")
        if not math.isfinite(number):  # .inf/.nan pass every comparison the checks below make
            raise ConfigError(f"{path}: must be a finite number, got {value!r}")
        return number
    if tp is str:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: must be a string, got {type(value).__name__} {value!r}")
        return value
    raise TypeError(f"unsupported config type {tp!r} at {path}")  # schema bug, not user error


def _build(cls: type, data: Any, path: str) -> Any:
    where = path or "the top level"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: must be a mapping of keys to values, got {type(data).__name__} {data!r}")
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]
    kwargs = {}
    for key, value in data.items():
        dotted = f"{path}.{key}" if path else str(key)
        if key not in hints:
            close = difflib.get_close_matches(str(key), names, n=1)
            hint = f" (did you mean {(path + '.' if path else '') + close[0]!r}?)" if close else ""
            raise ConfigError(f"{dotted}: unknown key{hint}; keys allowed at {where}: {', '.join(names)}")
        kwargs[key] = _convert(value, hints[key], dotted)
    return cls(**kwargs)


# --------------------------------------------------------------------------- value checks

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def validate(cfg: Config) -> Config:
    """Value checks the types cannot express; raise :class:`ConfigError` naming the key."""

    def need(ok: bool, path: str, msg: str) -> None:
        if not ok:
            raise ConfigError(f"{path}: {msg}")

    need(bool(_NAME.match(cfg.name)), "name", f"must be a plain directory name (letters, digits, . _ -), got {cfg.name!r}")
    need(bool(cfg.output_dir.strip()), "output_dir", "must not be empty")
    b = cfg.backbone
    need(bool(b.name.strip()), "backbone.name", "must be a hub name (vinai/phobert-base) or a local directory")
    s = b.scratch
    for key in ("hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size", "min_frequency"):
        need(getattr(s, key) >= 1, f"backbone.scratch.{key}", f"must be at least 1, got {getattr(s, key)}")
    need(s.hidden_size % s.num_attention_heads == 0, "backbone.scratch.hidden_size",
         f"must be a multiple of backbone.scratch.num_attention_heads ({s.num_attention_heads}), got {s.hidden_size}")
    need(0.0 <= s.dropout < 1.0, "backbone.scratch.dropout", f"must be in [0, 1), got {s.dropout}")
    need(s.learning_rate is None or s.learning_rate > 0, "backbone.scratch.learning_rate", f"must be > 0 or null, got {s.learning_rate}")
    need(b.bundled.learning_rate is None or b.bundled.learning_rate > 0, "backbone.bundled.learning_rate",
         f"must be > 0 or null, got {b.bundled.learning_rate}")
    need(bool(b.bundled.encoder.strip()), "backbone.bundled.encoder", "must name a folder under train/encoders/ or a path")
    need(s.vocab_size >= 300, "backbone.scratch.vocab_size", f"must be at least 300 (the alphabet alone needs ~250), got {s.vocab_size}")

    d = cfg.data
    need(bool(d.corpus or d.train_file or d.reviewed.sets), "data.corpus",
         "no training data: set data.corpus (raw articles, labelled by the rules) or data.train_file (labelled JSONL)")
    need(d.max_chars is None or d.max_chars > 0, "data.max_chars", f"must be null or > 0, got {d.max_chars}")
    need(d.num_proc >= 1, "data.num_proc", f"must be at least 1, got {d.num_proc}")
    from model.text.wordseg import SEGMENTERS

    need(d.segmenter in SEGMENTERS, "data.segmenter", f"unknown segmenter {d.segmenter!r}; choose one of {', '.join(sorted(SEGMENTERS))}")
    need(d.segmenter != "presegmented", "data.segmenter",
         "presegmented is for pretraining corpora (anninh pretrain); training labels raw text with the rules and "
         "segments it itself: choose underthesea, pyvi or syllable")
    need(8 <= d.max_length <= 4096, "data.max_length", f"must be between 8 and 4096 subwords, got {d.max_length}")
    budget = d.max_length - 2
    need(0 <= d.stride < budget // 2, "data.stride", f"must be in [0, {budget // 2}) for data.max_length {d.max_length}, got {d.stride}")
    need(0 <= d.context_words <= 4096, "data.context_words",
         f"must be between 0 (one sentence a unit) and 4096 words, got {d.context_words}")
    pl = d.partial_labels
    need(0.5 <= pl.min_ratio <= 1.0, "data.partial_labels.min_ratio", f"must be in [0.5, 1], got {pl.min_ratio}")
    need(pl.min_count >= 1, "data.partial_labels.min_count", f"must be at least 1, got {pl.min_count}")
    rv = d.reviewed
    for i, name in enumerate(rv.sets):
        need(bool(name.strip()), f"data.reviewed.sets[{i}]", "must name a gold JSONL file or a bundled gold set")
    need(rv.max_articles is None or rv.max_articles >= 0, "data.reviewed.max_articles",
         f"must be null (all) or >= 0, got {rv.max_articles}")
    need(0.0 < rv.silver_weight <= 1.0, "data.reviewed.silver_weight", f"must be in (0, 1], got {rv.silver_weight}")
    need(rv.repeat >= 1, "data.reviewed.repeat", f"must be at least 1, got {rv.repeat}")
    need(rv.silver_sample is None or rv.silver_sample >= 1, "data.reviewed.silver_sample",
         f"must be null (all) or >= 1, got {rv.silver_sample}")
    ft = rv.finetune
    need(0.0 <= ft.epochs < 1000, "data.reviewed.finetune.epochs", f"must be in [0, 1000) (0 disables), got {ft.epochs}")
    need(ft.learning_rate > 0, "data.reviewed.finetune.learning_rate", f"must be > 0, got {ft.learning_rate}")
    need(0.0 <= ft.silver_replay <= 100.0, "data.reviewed.finetune.silver_replay",
         f"must be in [0, 100] (a share of the gold units), got {ft.silver_replay}")
    need(not (ft.epochs > 0 and not rv.sets), "data.reviewed.finetune.epochs",
         "fine-tunes on the reviewed gold, but data.reviewed.sets is empty: name the gold to train on, or set it to 0")
    need(b.init_from is None or bool(b.init_from.strip()), "backbone.init_from", "must be null or a trained model folder")
    need(not (b.init_from and rv.sets and rv.complete and cfg.training.self_training.rounds > 0), "training.self_training.rounds",
         "data.reviewed.complete already completes the silver with the model of backbone.init_from; "
         "set training.self_training.rounds: 0, or data.reviewed.complete: false")

    a = cfg.augment
    need(a.copies >= 0, "augment.copies", f"must be >= 0, got {a.copies}")
    need(0.0 < a.replace_prob <= 1.0, "augment.replace_prob", f"must be in (0, 1], got {a.replace_prob}")
    for lab in a.lexicons:
        need(lab in LABELS, f"augment.lexicons.{lab}", f"unknown label; expected one of {', '.join(LABELS)}")

    t = cfg.training
    need(t.epochs > 0, "training.epochs", f"must be > 0, got {t.epochs}")
    need(t.max_steps == -1 or t.max_steps > 0, "training.max_steps", f"must be -1 (use epochs) or > 0, got {t.max_steps}")
    for key in ("batch_size", "eval_batch_size", "gradient_accumulation_steps", "logging_steps", "save_total_limit"):
        need(getattr(t, key) >= 1, f"training.{key}", f"must be at least 1, got {getattr(t, key)}")
    need(t.learning_rate > 0, "training.learning_rate", f"must be > 0, got {t.learning_rate}")
    need(0.0 <= t.warmup_ratio < 1.0, "training.warmup_ratio", f"must be in [0, 1), got {t.warmup_ratio}")
    need(t.weight_decay >= 0, "training.weight_decay", f"must be >= 0, got {t.weight_decay}")
    need(t.max_grad_norm >= 0, "training.max_grad_norm", f"must be >= 0, got {t.max_grad_norm}")
    need(t.early_stopping_patience >= 0, "training.early_stopping_patience", f"must be >= 0 (0 disables), got {t.early_stopping_patience}")
    need(t.eval_every_steps is None or t.eval_every_steps >= 1, "training.eval_every_steps", f"must be null or >= 1, got {t.eval_every_steps}")
    need(t.dataloader_num_workers >= 0, "training.dataloader_num_workers", f"must be >= 0, got {t.dataloader_num_workers}")
    need(t.max_minutes is None or (math.isfinite(t.max_minutes) and t.max_minutes > 0), "training.max_minutes",
         f"must be null or a number > 0, got {t.max_minutes}")
    need(t.seed >= 0, "training.seed", f"must be >= 0, got {t.seed}")
    st = t.self_training
    need(st.rounds >= 0, "training.self_training.rounds", f"must be >= 0 (0 disables), got {st.rounds}")
    need(0.5 <= st.threshold <= 1.0, "training.self_training.threshold", f"must be in [0.5, 1], got {st.threshold}")
    need(0 < st.epochs < 1000, "training.self_training.epochs", f"must be in (0, 1000), got {st.epochs}")
    need(st.max_steps == -1 or st.max_steps > 0, "training.self_training.max_steps", f"must be -1 or > 0, got {st.max_steps}")
    return cfg


# --------------------------------------------------------------------------- overrides, I/O


def parse_override(text: str) -> tuple[list[str], Any]:
    """``"training.epochs=3"`` -> (["training", "epochs"], 3); the value is read as YAML."""
    if "=" not in text:
        raise ConfigError(f"override {text!r} must look like key.path=value (e.g. training.epochs=3)")
    key, raw = text.split("=", 1)
    parts = key.strip().split(".")
    if not all(p.strip() for p in parts):
        raise ConfigError(f"override {text!r}: {key!r} is not a dotted key path like training.epochs")
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError as exc:
        raise ConfigError(f"override {text!r}: value is not valid YAML ({exc})") from None
    return [p.strip() for p in parts], value


def apply_overrides(data: dict, overrides: list[str]) -> dict:
    """Set dotted keys in the raw mapping; unknown keys are left for validation to name."""
    for text in overrides:
        parts, value = parse_override(text)
        node = data
        for i, part in enumerate(parts[:-1]):
            nxt = node.get(part)
            if nxt is None:
                nxt = node[part] = {}
            if not isinstance(nxt, dict):
                raise ConfigError(f"override {text!r}: {'.'.join(parts[: i + 1])} is not a mapping")
            node = nxt
        node[parts[-1]] = value
    return data


def one_path_as_list(data: Any, section: str = "data", key: str = "corpus") -> Any:
    """``data.corpus: PATH`` (or ``--set data.corpus=PATH``) means a list of one path."""
    node = data.get(section) if isinstance(data, dict) else None
    if isinstance(node, dict) and isinstance(node.get(key), str):
        node[key] = [node[key]]
    return data


def typed_from_dict(cls: type, validator: Any, data: Any, overrides: list[str] | None = None,
                    source: str = "config") -> Any:
    """``data`` (a parsed YAML mapping) + dotted ``overrides`` -> a validated ``cls``.

    Shared by the training and pretraining configs: every error names the dotted key and
    ``source``."""
    import copy

    data = copy.deepcopy(data) if data is not None else {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: must be a YAML mapping at the top level, got {type(data).__name__}")
    try:
        cfg = _build(cls, one_path_as_list(data), "")
        if overrides:
            # Overrides apply to the file merged with the defaults, so --set a.b.c=v on a
            # mapping the file does not spell out changes c only, not the whole mapping.
            source = f"{source} + --set"
            cfg = _build(cls, one_path_as_list(apply_overrides(cfg.to_dict(), list(overrides))), "")
        return validator(cfg)
    except ConfigError as exc:
        raise ConfigError(f"{source}: {exc}") from None


def read_yaml_config(path: str | Path, hint: str) -> Any:
    """The YAML mapping of a config file (``yaml.safe_load``), or a ConfigError with ``hint``."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"config file {path} does not exist ({hint})")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


CORPUS_DIR_DEPRECATED = ("data.corpus_dir is the old spelling of data.corpus and will be refused in a later "
                         "version; write data.corpus: PATH (or --set data.corpus=PATH) instead")


def _corpus_dir_to_corpus(data: Any, overrides: list[str] | None, source: str) -> tuple[Any, list[str] | None]:
    """One spelling of the corpus: ``data.corpus_dir`` (file key or ``--set``) becomes
    ``data.corpus``, with a :class:`FutureWarning`. Where a file gives both, ``data.corpus``
    wins as it always did (old runs' saved ``config.yaml`` hold both), unless it is null."""
    import copy
    import warnings

    node = data.get("data") if isinstance(data, dict) else None
    if isinstance(node, dict) and "corpus_dir" in node:
        warnings.warn(f"{source}: {CORPUS_DIR_DEPRECATED}", FutureWarning, stacklevel=3)
        data = copy.deepcopy(data)
        old = data["data"].pop("corpus_dir")
        if data["data"].get("corpus") is None:
            data["data"]["corpus"] = old
    if overrides and any(o.strip().startswith("data.corpus_dir=") for o in overrides):
        warnings.warn(f"--set: {CORPUS_DIR_DEPRECATED}", FutureWarning, stacklevel=3)
        overrides = ["data.corpus=" + o.strip()[len("data.corpus_dir="):]
                     if o.strip().startswith("data.corpus_dir=") else o for o in overrides]
    return data, overrides


def config_from_dict(data: Any, overrides: list[str] | None = None, source: str = "config") -> Config:
    data, overrides = _corpus_dir_to_corpus(data, overrides, source)
    return typed_from_dict(Config, validate, data, overrides, source)


def load_config(path: str | Path, overrides: list[str] | None = None) -> Config:
    """Read ``path`` with ``yaml.safe_load``, apply ``overrides``, validate."""
    data = read_yaml_config(path, "try configs/base.yaml or configs/tiny.yaml")
    return config_from_dict(data, overrides, source=str(path))


def save_config(cfg: Config, path: str | Path) -> Path:
    """Write the resolved config atomically: a half-written config.yaml would make the run
    folder unreadable ("holds a run whose config.yaml cannot be read")."""
    from train.atomic import write_text_atomic

    return write_text_atomic(path, "# Resolved anninh-ner training config (file + --set overrides).\n" + cfg.to_yaml())


def config_diff(a: Config, b: Config) -> list[str]:
    """Dotted keys whose values differ between two configs (for 'different run' messages)."""
    out: list[str] = []

    def walk(x: Any, y: Any, path: str) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for k in sorted(set(x) | set(y), key=str):
                walk(x.get(k), y.get(k), f"{path}.{k}" if path else str(k))
        elif x != y:
            out.append(f"{path}: {x!r} -> {y!r}")

    walk(a.to_dict(), b.to_dict(), "")
    return out
