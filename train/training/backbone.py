"""The encoder to fine-tune: PhoBERT from the hub or a local folder, or a scratch fallback.

Training must work on a machine without network access. The backbone named in the config
(``vinai/phobert-base``, or a local copy; ``$ANNINH_BACKBONE`` overrides the config) is
loaded with transformers' own loader (``trust_remote_code=False``) from safetensors only:
pickled ``pytorch_model.bin`` weights are refused with the one command that converts them
(``python scripts/convert_to_safetensors.py DIR``), so no pickle is ever loaded implicitly.
When it cannot be loaded and ``backbone.fallback`` is ``bundled`` (the default), the small
encoder pretrained by ``anninh pretrain`` and shipped in ``train/encoders/`` is fine-tuned
instead (recorded as pretrained by anninh-pretrain, never as PhoBERT); if that is missing,
or ``backbone.fallback`` is ``scratch``, a RoBERTa with PhoBERT's
architecture at a small, configurable size is built with random weights. It uses PhoBERT's
real tokenizer when a local tokenizer folder is given (``backbone.tokenizer_dir`` or
``$ANNINH_PHOBERT_DIR``: ``vocab.txt`` + ``bpe.codes``), otherwise a BPE vocabulary trained
on the training words with ``tokenizers``. The fallback is announced loudly and recorded as
``{requested, used, pretrained: false}`` so no one mistakes such a model for fine-tuned
PhoBERT. The hub is probed with one short connection attempt first, because
``from_pretrained`` otherwise retries for about 25 seconds before giving up offline.
"""
from __future__ import annotations

import json
import os
import socket
import string
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable
from urllib.parse import urlparse

from model.labels import ID2LABEL, LABEL2ID

from .config import BackboneConfig

ENV_BACKBONE = "ANNINH_BACKBONE"
ENV_PHOBERT_DIR = "ANNINH_PHOBERT_DIR"
SPECIAL_TOKENS = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")  # PhoBERT's ids 0..3 (+ mask)
WEIGHT_FILES = ("model.safetensors", "model.safetensors.index.json")
PICKLE_WEIGHT_FILES = ("pytorch_model.bin", "pytorch_model.bin.index.json")
TOKENIZER_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "sentencepiece.bpe.model")

_VI = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
# Initial alphabet of the corpus-trained vocabulary: unseen words still split into known symbols.
ALPHABET = tuple(sorted(set(_VI + _VI.upper() + string.digits + string.punctuation + "_…–—“”‘’°%")))

# vinai/phobert-base's architecture (its config.json), used when no config file is at hand.
PHOBERT_ARCH: dict[str, Any] = dict(
    model_type="roberta", hidden_act="gelu", hidden_size=768, num_hidden_layers=12,
    num_attention_heads=12, intermediate_size=3072, max_position_embeddings=258,
    type_vocab_size=1, layer_norm_eps=1e-05, initializer_range=0.02,
    hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
    bos_token_id=0, pad_token_id=1, eos_token_id=2, vocab_size=64001,
)


class BackboneError(RuntimeError):
    """The backbone cannot be loaded and no fallback applies; the message says how to fix it."""


@dataclass
class Backbone:
    model: Any  # a *ForTokenClassification model with our label maps
    tokenizer: Any
    info: dict = field(default_factory=dict)  # requested, used, pretrained, tokenizer, reason


def _say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def requested_name(cfg: BackboneConfig) -> str:
    return os.environ.get(ENV_BACKBONE) or cfg.name


def tokenizer_dir(cfg: BackboneConfig, requested: str | None = None) -> Path | None:
    """The PhoBERT tokenizer folder for a scratch model, if one is configured or at hand.

    Order: ``backbone.tokenizer_dir``, ``$ANNINH_PHOBERT_DIR``, then the requested backbone
    itself when it is a local folder holding tokenizer files but no weights.
    """
    for raw, what in ((cfg.tokenizer_dir, "backbone.tokenizer_dir"), (os.environ.get(ENV_PHOBERT_DIR), f"${ENV_PHOBERT_DIR}")):
        if raw:
            p = Path(raw).expanduser()
            if not p.is_dir():
                raise BackboneError(f"{what} is {raw!r}, which is not a directory (it should hold PhoBERT's vocab.txt and bpe.codes)")
            if not any((p / f).is_file() for f in TOKENIZER_FILES):
                raise BackboneError(f"{what} is {raw!r}, but it holds no tokenizer files ({', '.join(TOKENIZER_FILES)})")
            return p
    if requested:
        p = Path(requested).expanduser()
        if p.is_dir() and any((p / f).is_file() for f in TOKENIZER_FILES):
            return p
    return None


def hub_reachable(timeout: float = 3.0) -> bool:
    """One TCP connection attempt to the hub endpoint: seconds, not 25 s of retries."""
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        return False
    url = os.environ.get("HF_ENDPOINT", "https://huggingface.co")
    parsed = urlparse(url)
    host = parsed.hostname or "huggingface.co"
    port = parsed.port or (443 if parsed.scheme != "http" else 80)
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def _label_kwargs() -> dict:
    return dict(num_labels=len(ID2LABEL), id2label=dict(ID2LABEL), label2id=dict(LABEL2ID))


def resolve_source(name: str, local_files_only: bool = False) -> tuple[str, bool]:
    """``(source, local_files_only)`` for ``from_pretrained``; raise OSError when ``name`` is
    a local folder without safetensors weights (pickles are refused with the fix) or a
    path that does not exist."""
    path = Path(name).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise OSError(f"{path} has no config.json")
        if not any((path / f).is_file() for f in WEIGHT_FILES):
            if any((path / f).is_file() for f in PICKLE_WEIGHT_FILES):
                raise OSError(
                    f"{path} holds only pickled weights (pytorch_model.bin); weights are loaded from "
                    f"safetensors only. Convert them once: python scripts/convert_to_safetensors.py {path}"
                )
            raise OSError(f"{path} holds no weights ({' or '.join(WEIGHT_FILES)})")
        return str(path), True
    if Path(name).is_absolute() or name.startswith((".", "~")) or name.count("/") > 1:
        raise OSError(f"local directory {name} does not exist")
    return name, local_files_only or not hub_reachable()


def encoder_provenance(source: str) -> dict:
    """What an anninh-pretrain encoder folder says about itself (empty for anything else)."""
    p = Path(source) / "anninh_pretrain.json"
    if not p.is_file():
        return {}
    try:
        prov = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {"pretrained_by": "anninh-pretrain", "is_phobert": False}
    if not isinstance(prov, dict):
        return {"pretrained_by": "anninh-pretrain", "is_phobert": False}
    keep = ("pretrained_by", "init", "architecture", "parameters", "tokenizer", "steps", "tokens_seen",
            "tokens_seen_total", "heldout_perplexity", "corpus", "command", "date", "git_commit")
    return {"is_phobert": False, **{k: prov[k] for k in keep if k in prov}}


def load_pretrained(name: str, local_files_only: bool = False) -> Backbone:
    """Load ``name`` (hub name or local folder) for token classification; raise OSError/ValueError
    when it is not available (no network, no weights, not a model)."""
    from transformers import AutoModelForTokenClassification, AutoTokenizer

    from .callbacks import plain_library_logs

    plain_library_logs()  # its LOAD REPORT table comes with raw ANSI codes
    source, local = resolve_source(name, local_files_only)
    kw = dict(trust_remote_code=False, local_files_only=local)
    tok = AutoTokenizer.from_pretrained(source, **kw)
    model = AutoModelForTokenClassification.from_pretrained(source, use_safetensors=True, **kw, **_label_kwargs())
    info = {"requested": name, "used": source, "pretrained": True, "tokenizer": source}
    prov = encoder_provenance(source) if local else {}
    if prov:
        info["pretrained_by"] = prov.get("pretrained_by", "anninh-pretrain")
        info["encoder"] = prov
    return Backbone(model, tok, info)


def load_tokenizer_dir(path: Path):
    """A PhoBERT-style tokenizer folder (vocab.txt + bpe.codes, or tokenizer.json)."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(path), trust_remote_code=False, local_files_only=True)


def train_corpus_tokenizer(words: Iterable[str], vocab_size: int, min_frequency: int, save_dir: Path | None = None):
    """A BPE vocabulary trained on the training words, wrapped as a fast tokenizer with
    PhoBERT's special tokens at PhoBERT's ids (<s>=0 <pad>=1 </s>=2 <unk>=3, <mask>=4).

    The whole Vietnamese alphabet is in the initial alphabet so unseen words split into
    known characters instead of ``<unk>``.
    """
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size, min_frequency=min_frequency, special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=list(ALPHABET), show_progress=False,
    )
    tok.train_from_iterator(_batched(words), trainer=trainer)
    fast = PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token="<s>", eos_token="</s>", unk_token="<unk>", pad_token="<pad>",
        mask_token="<mask>", cls_token="<s>", sep_token="</s>", model_max_length=1_000_000,
    )
    if save_dir is not None:
        fast.save_pretrained(str(save_dir))
    return fast


def _batched(words: Iterable[str], n: int = 1000):
    buf: list[str] = []
    for w in words:
        buf.append(w)
        if len(buf) >= n:
            yield " ".join(buf)
            buf = []
    if buf:
        yield " ".join(buf)


def scratch_config(cfg: BackboneConfig, tokenizer: Any, max_length: int, arch_dir: Path | None = None):
    """PhoBERT's architecture (from ``arch_dir/config.json`` when present) at the scratch size."""
    from transformers import RobertaConfig

    arch = dict(PHOBERT_ARCH)
    if arch_dir is not None and (arch_dir / "config.json").is_file():
        try:
            found = json.loads((arch_dir / "config.json").read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise BackboneError(f"{arch_dir / 'config.json'} is not valid JSON: {exc}") from None
        arch.update({k: v for k, v in found.items() if k in PHOBERT_ARCH})
    s = cfg.scratch
    arch.update(
        hidden_size=s.hidden_size, num_hidden_layers=s.num_hidden_layers, num_attention_heads=s.num_attention_heads,
        intermediate_size=s.intermediate_size, hidden_dropout_prob=s.dropout, attention_probs_dropout_prob=s.dropout,
        vocab_size=len(tokenizer), pad_token_id=tokenizer.pad_token_id,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
        max_position_embeddings=max(int(arch["max_position_embeddings"]), max_length + 2),
    )
    arch.pop("model_type")
    return RobertaConfig(**arch, **_label_kwargs())


def build_scratch(
    cfg: BackboneConfig,
    requested: str,
    max_length: int,
    corpus_words: Callable[[], Iterable[str]],
    vocab_dir: Path | None = None,
    reason: str = "",
) -> Backbone:
    """A randomly initialised RoBERTa (see module docstring). ``vocab_dir``: where a
    corpus-trained vocabulary is kept, so a resumed run reuses the exact same one."""
    from transformers import AutoTokenizer, RobertaForTokenClassification

    tdir = tokenizer_dir(cfg, requested)
    if tdir is not None:
        tok = AutoTokenizer.from_pretrained(str(tdir), trust_remote_code=False, local_files_only=True)
        tok_info = f"phobert-tokenizer:{tdir}"
    elif vocab_dir is not None and (vocab_dir / "tokenizer.json").is_file():
        tok = AutoTokenizer.from_pretrained(str(vocab_dir), local_files_only=True)
        tok_info = f"corpus-bpe:{len(tok)}"
    else:
        tok = train_corpus_tokenizer(corpus_words(), cfg.scratch.vocab_size, cfg.scratch.min_frequency, vocab_dir)
        tok_info = f"corpus-bpe:{len(tok)}"
    for name in ("bos_token_id", "eos_token_id", "pad_token_id", "unk_token_id"):
        if getattr(tok, name) is None:
            raise BackboneError(f"tokenizer from {tdir} has no {name[:-3]}; PhoBERT's has <s> </s> <pad> <unk>")
    config = scratch_config(cfg, tok, max_length, tdir)
    model = RobertaForTokenClassification(config)
    s = cfg.scratch
    used = f"scratch:roberta-h{s.hidden_size}-l{s.num_hidden_layers}-a{s.num_attention_heads}-i{s.intermediate_size}"
    info = {"requested": requested, "used": used, "pretrained": False, "tokenizer": tok_info, "reason": reason,
            "parameters": sum(p.numel() for p in model.parameters())}
    return Backbone(model, tok, info)


BUNDLED_DIR = Path(__file__).resolve().parents[1] / "encoders"


def bundled_encoder_dir(cfg: BackboneConfig) -> Path:
    """``backbone.bundled.encoder``: a folder under ``train/encoders/`` or a path."""
    p = Path(cfg.bundled.encoder).expanduser()
    return p if p.is_dir() else BUNDLED_DIR / cfg.bundled.encoder


def fallback_bundled(cfg: BackboneConfig, max_length: int, reason: str = "") -> Backbone | None:
    """The encoder shipped with the package (pretrained by ``anninh pretrain``, not PhoBERT),
    announced loudly; None when it is missing, so the caller falls back to scratch."""
    d = bundled_encoder_dir(cfg)
    requested = requested_name(cfg)
    try:
        bb = load_pretrained(str(d), local_files_only=True)
    except (OSError, ValueError) as exc:
        _say(f"[backbone] the bundled encoder {d} cannot be loaded ({_short(' '.join(str(exc).split()), 200)}); "
             "using a randomly initialised scratch model instead")
        return None
    enc = bb.info.get("encoder", {})
    bb.info.update(requested=requested, used=f"bundled:{d.name}", pretrained=True,
                   pretrained_by=bb.info.get("pretrained_by", "anninh-pretrain"), fallback="bundled", reason=reason)
    arch = enc.get("architecture", {})
    loud_warning([
        f"WARNING: pretrained backbone {requested!r} could not be loaded:",
        f"   {_short(reason)}",
        f"Fine-tuning the SMALL ENCODER BUNDLED with anninh-ner ({d.name}: {arch.get('num_hidden_layers')}x"
        f"{arch.get('hidden_size')}, pretrained by anninh-pretrain on {enc.get('tokens_seen_total') or enc.get('tokens_seen', 0):,} tokens) instead",
        "(backbone.fallback: bundled). It is NOT PhoBERT: expect lower accuracy than fine-tuned PhoBERT;",
        "the model card records the encoder and its provenance.",
        _how_to_supply(),
    ])
    return check_positions(bb, max_length)


def loud_warning(lines: list[str]) -> None:
    """A banner of ``!!`` lines, 78 columns wide; a long line (an error message, the how-to)
    is wrapped on word boundaries, keeping its indent, never cut inside a word."""
    import textwrap

    bar = "!" * 78
    out = []
    for ln in lines:
        indent = ln[: len(ln) - len(ln.lstrip())]
        out += ["!! " + w for w in textwrap.wrap(ln, width=75, initial_indent="", subsequent_indent=indent,
                                                   break_long_words=False, break_on_hyphens=False) or [""]]
    _say("\n".join([bar, *out, bar]))


def _short(reason: str, width: int = 300) -> str:
    """``reason`` on one line, shortened on a word boundary (``...`` marks the cut)."""
    import textwrap

    return textwrap.shorten(reason, width=width, placeholder=" ...") or reason[:width]


def _how_to_supply() -> str:
    return (
        f"To use real PhoBERT offline, supply a local PhoBERT directory: copy a PhoBERT folder "
        f"(config.json, model.safetensors, vocab.txt, bpe.codes; convert a pytorch_model.bin with "
        f"scripts/convert_to_safetensors.py) to this machine "
        f"and set backbone.name to its path (or export {ENV_BACKBONE}=/path/to/phobert-base)."
    )


def open_pretrained(cfg: BackboneConfig, max_length: int) -> tuple[Backbone | None, str]:
    """The pretrained backbone, or ``(None, reason)`` when the scratch fallback applies.

    Called before any data preparation, so that ``fallback: error`` fails in seconds.
    """
    requested = requested_name(cfg)
    try:
        bb = load_pretrained(requested, local_files_only=cfg.local_files_only)
    except (OSError, ValueError) as exc:
        reason = _short(" ".join(str(exc).split()))
        if cfg.fallback == "error":
            raise BackboneError(f"cannot load backbone {requested!r}: {reason}\n{_how_to_supply()}") from None
        return None, reason
    return check_positions(bb, max_length), ""


def fallback_scratch(
    cfg: BackboneConfig,
    max_length: int,
    corpus_words: Callable[[], Iterable[str]],
    vocab_dir: Path | None = None,
    reason: str = "",
) -> Backbone:
    """The scratch model, announced loudly."""
    requested = requested_name(cfg)
    bb = build_scratch(cfg, requested, max_length, corpus_words, vocab_dir, reason)
    loud_warning([
        f"WARNING: pretrained backbone {requested!r} could not be loaded:",
        f"   {_short(reason)}",
        f"Training a RANDOMLY INITIALISED {bb.info['used']} ({bb.info['parameters'] / 1e6:.1f}M parameters)",
        f"with tokenizer {bb.info['tokenizer']} instead (backbone.fallback: scratch).",
        "Expect far lower accuracy than fine-tuned PhoBERT; the model card records pretrained: false.",
        _how_to_supply(),
    ])
    return check_positions(bb, max_length)


def check_positions(bb: Backbone, max_length: int) -> Backbone:
    from model.encoding import encoder_positions  # the same limit inference checks

    limit = encoder_positions(bb.model.config)
    if limit is not None and max_length > limit:
        raise BackboneError(f"data.max_length is {max_length} but backbone {bb.info['used']} takes at most {limit} positions")
    return bb


def load_backbone(
    cfg: BackboneConfig,
    max_length: int,
    corpus_words: Callable[[], Iterable[str]],
    vocab_dir: Path | None = None,
) -> Backbone:
    """The configured backbone, or the bundled / scratch fallback (see module docstring)."""
    bb, reason = open_pretrained(cfg, max_length)
    if bb is None and cfg.fallback == "bundled":
        bb = fallback_bundled(cfg, max_length, reason)
    return bb if bb is not None else fallback_scratch(cfg, max_length, corpus_words, vocab_dir, reason)
