"""Masked-language-model pretraining of the PhoBERT-architecture encoder (``anninh pretrain``).

Why: a token classifier fine-tuned from a random encoder learns Vietnamese from its silver
labels alone and stays far below its teacher; even minutes of masked-LM pretraining on
raw news lift it by a large margin. With real PhoBERT at hand the same command continues
its pretraining on in-domain text (``encoder.init: /path/to/phobert-base``).

What it does, in order:

1. reads and word-segments the corpus with the fine-tuning segmenter, cached
   (:func:`train.corpus.prepare.prepare_words`), and holds out a slice of articles;
2. builds or loads the tokenizer (PhoBERT's, an earlier encoder's, or a BPE vocabulary
   trained on the corpus words, kept in the run folder so ``--resume`` reuses it);
3. packs the words into blocks of ``data.block_size`` subwords and trains
   ``RobertaForMaskedLM`` with transformers' Trainer (so ``accelerate launch`` runs it on
   several GPUs) and its ``DataCollatorForLanguageModeling(whole_word_mask=True)``:
   whole PhoBERT words (``Thừa_Thiên_Huế``) are masked together;
4. writes ``<run>/encoder/``: ``model.safetensors``, tokenizer, ``config.json``,
   ``anninh_pretrain.json`` (corpus fingerprint, tokens seen, time, held-out MLM loss and
   perplexity, the exact command) and a card (``README.md``). ``backbone.name`` accepts
   that folder; training records it as pretrained by anninh-pretrain, never as PhoBERT.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from .pretrain_config import PretrainConfig
from .rundir import last_checkpoint

logger = logging.getLogger(__name__)

PROVENANCE_FILE = "anninh_pretrain.json"


class PretrainError(RuntimeError):
    """Pretraining cannot start or continue; the message says why and what to do."""




@dataclass
class PretrainResult:
    encoder_dir: Path
    provenance: dict


# ----------------------------------------------------------------------------- data


def _heldout(doc: str, fraction: float) -> bool:
    """Deterministic article-level split: the same article is always on the same side."""
    h = int(hashlib.md5(doc.encode("utf-8", "surrogatepass")).hexdigest()[:8], 16)
    return (h / 0xFFFFFFFF) < fraction


def _pack_batch(batch: dict, piecer: Any, block_size: int, cls_id: int, sep_id: int) -> dict:
    """Paragraph words -> blocks of exactly ``block_size`` ids: ``<s>`` + content + ``</s>``.

    ``word_start`` marks the first subword of each word (and the specials), which is
    what whole-word masking needs; the remainder of a batch that does not fill a block is
    dropped, as in HF's ``run_mlm.py`` grouping.
    """
    budget = block_size - 2
    ids: list[int] = []
    starts: list[int] = []
    for words in batch["words"]:
        for w in words:
            pieces = piecer.ids(w)
            ids.extend(pieces)
            starts.append(1)
            starts.extend([0] * (len(pieces) - 1))
        ids.append(sep_id)  # paragraph boundary, as RoBERTa's document separator
        starts.append(1)
    out_ids, out_starts = [], []
    for a in range(0, len(ids) - budget + 1, budget):
        out_ids.append([cls_id] + ids[a:a + budget] + [sep_id])
        out_starts.append([1] + starts[a:a + budget] + [1])
    return {"input_ids": out_ids, "word_start": out_starts}


def _warn_if_unsegmented(words_ds: Any, spec: Any, sample_rows: int = 2000) -> None:
    """``presegmented`` on raw text trains on syllables, not words, without failing: say
    so. In segmented Vietnamese news about one word in four joins syllables with ``_``."""
    rows = words_ds.select(range(min(sample_rows, len(words_ds))))["words"]
    n = sum(len(r) for r in rows)
    joined = sum(1 for r in rows for w in r if "_" in w)
    if n >= 200 and joined < 0.02 * n:
        logger.warning(f"data.segmenter is presegmented but only {joined:,} of {n:,} sampled words of {spec} join "
                       "syllables with _: the corpus looks unsegmented, so the encoder will learn syllables. "
                       "Segment it first (anninh segment CORPUS -o OUT.jsonl.gz) or choose data.segmenter: underthesea")


def reproduce_command(command: Sequence[str], steps: int, planned: int) -> str:
    """The one command that reproduces the encoder from nothing: the run's own command
    without --resume and the wall-clock budget, plus the step it stopped at when that was
    before the planned end of the schedule."""
    parts = [c for c in command if c != "--resume" and "training.max_minutes" not in c
             and "training.stop_after_steps" not in c]
    if planned > 0 and steps < planned:
        parts.append(f"--set training.stop_after_steps={steps}")
    return " ".join(parts)


def make_collator(tokenizer: Any, mlm_probability: float, whole_word: bool, seed: int | None = None):
    """HF's MLM collator; whole-word masking reads word boundaries from offsets, which we
    synthesise from ``word_start`` (our encoder may have a slow tokenizer with no offsets)."""
    from transformers import DataCollatorForLanguageModeling

    class WholeWordCollator(DataCollatorForLanguageModeling):
        def torch_call(self, examples):
            rows = []
            for ex in examples:
                ids = list(ex["input_ids"])
                row = {"input_ids": ids, "special_tokens_mask": [1] + [0] * (len(ids) - 2) + [1]}
                if self.whole_word_mask:
                    offsets, pos = [], 0
                    for k, s in enumerate(ex["word_start"]):
                        if s and k:
                            pos += 1  # a gap between words
                        offsets.append((pos, pos + 1))
                        pos += 1
                    row["offset_mapping"] = offsets
                rows.append(row)
            return super().torch_call(rows)

    # HF's whole-word masking cannot replace with random or kept tokens (it warns and
    # masks them all); ask for what it does: every chosen word becomes <mask>.
    replace = dict(mask_replace_prob=1.0, random_replace_prob=0.0) if whole_word else {}
    import warnings

    with warnings.catch_warnings():  # "needs a fast tokenizer's offsets": we supply our own
        warnings.filterwarnings("ignore", message="Whole word masking depends on offset mapping")
        return WholeWordCollator(tokenizer=tokenizer, mlm=True, whole_word_mask=whole_word,
                                 mlm_probability=mlm_probability, seed=seed, **replace)


# ----------------------------------------------------------------------------- model


def _build_tokenizer(cfg: PretrainConfig, run_dir: Path, words_ds) -> tuple[Any, str]:
    from transformers import AutoTokenizer

    from .backbone import load_tokenizer_dir, train_corpus_tokenizer

    e = cfg.encoder
    if e.init != "scratch":
        from .backbone import resolve_source

        source, local = resolve_source(e.init)
        return AutoTokenizer.from_pretrained(source, trust_remote_code=False, local_files_only=local), f"from:{e.init}"
    if e.tokenizer_dir:
        return load_tokenizer_dir(Path(e.tokenizer_dir)), f"phobert-tokenizer:{e.tokenizer_dir}"
    vocab_dir = run_dir / "vocab"
    if (vocab_dir / "tokenizer.json").is_file():
        return AutoTokenizer.from_pretrained(str(vocab_dir), local_files_only=True), "corpus-bpe"

    def sample():
        n = 0
        for words in words_ds["words"]:
            yield from words
            n += len(words)
            if n >= e.tokenizer_sample_words:
                return

    logger.info(f"training a {e.vocab_size}-entry BPE vocabulary on up to {e.tokenizer_sample_words:,} corpus words")
    tok = train_corpus_tokenizer(sample(), e.vocab_size, e.min_frequency, vocab_dir)
    return tok, "corpus-bpe"


def _build_model(cfg: PretrainConfig, tokenizer: Any):
    from transformers import AutoModelForMaskedLM, RobertaConfig, RobertaForMaskedLM

    from .backbone import PHOBERT_ARCH, resolve_source

    e = cfg.encoder
    if e.init != "scratch":
        source, local = resolve_source(e.init)
        return AutoModelForMaskedLM.from_pretrained(source, use_safetensors=True, trust_remote_code=False,
                                                    local_files_only=local)
    arch = dict(PHOBERT_ARCH)
    arch.pop("model_type")
    arch.update(
        hidden_size=e.hidden_size, num_hidden_layers=e.num_hidden_layers, num_attention_heads=e.num_attention_heads,
        intermediate_size=e.intermediate_size, hidden_dropout_prob=e.dropout, attention_probs_dropout_prob=e.dropout,
        max_position_embeddings=e.max_position_embeddings, vocab_size=len(tokenizer),
        pad_token_id=tokenizer.pad_token_id, bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    return RobertaForMaskedLM(RobertaConfig(**arch))


# ----------------------------------------------------------------------------- run


def _git_commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=Path(__file__).resolve().parent, timeout=5).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def _prepare_run_dir(cfg: PretrainConfig, resume: bool, overwrite: bool) -> tuple[Path, str | None]:
    from .config import config_diff
    from .pretrain_config import load_pretrain_config

    run_dir = cfg.run_dir
    saved = run_dir / "config.yaml"
    ckpt_dir = run_dir / "checkpoints"
    if resume:
        last = last_checkpoint(run_dir)
        if last is None:
            raise PretrainError(f"--resume: {ckpt_dir} holds no checkpoint; start the run without --resume")
        old = load_pretrain_config(saved)
        diff = [k for k in config_diff(old, cfg)
                if not k.startswith(("output_dir", "description", "training.progress", "training.max_steps",
                                     "training.epochs", "training.max_minutes", "training.stop_after_steps"))]
        if diff:
            raise PretrainError(f"--resume: the config differs from the run's ({'; '.join(diff[:4])}); "
                                "resume with the same config, or start a new run with --name")
        return run_dir, last
    if run_dir.exists() and any(run_dir.iterdir()):
        if not overwrite:
            raise PretrainError(f"{run_dir} already holds a run; continue it with --resume, or start again with "
                                "--overwrite (the old run is moved aside), or choose another --name")
        aside = run_dir.with_name(f"{run_dir.name}.old-{datetime.now().strftime('%Y%m%d-%H%M%S')}")
        os.replace(run_dir, aside)
        logger.info(f"moved the previous run to {aside}")
    return run_dir, None


def run_pretraining(cfg: PretrainConfig, resume: bool = False, overwrite: bool = False,
                    command: Sequence[str] | None = None, callbacks: Sequence[Any] = ()) -> PretrainResult:
    """Pretrain per ``cfg``; write ``<output_dir>/<name>/encoder``. One process per run
    folder (the training run lock); a loss or weights that turn NaN stop the run with
    :class:`train.training.callbacks.TrainingDiverged` before any encoder is written."""
    from contextlib import nullcontext

    from accelerate import PartialState

    from .callbacks import NonFiniteLossCallback
    from .device import check_device
    from .runlock import run_lock

    device = check_device(cfg)  # same rules as training: no cuda/fp16/bf16 without a GPU
    # accelerate's process state for this device, as the Trainer will set it up.
    main = PartialState(cpu=device == "cpu").is_main_process  # several processes share the run: the main one locks
    with run_lock(cfg.run_dir) if main else nullcontext():
        return _pretrain(cfg, device, resume, overwrite, command, [*callbacks, NonFiniteLossCallback()])


def _pretrain(cfg: PretrainConfig, device: str, resume: bool, overwrite: bool, command: Sequence[str] | None,
              callbacks: Sequence[Any]) -> PretrainResult:
    import torch
    from transformers import Trainer, TrainingArguments, set_seed

    from model.encoding import WordPiecer

    from train.corpus.prepare import prepare_words

    from accelerate import PartialState

    from train.atomic import write_text_atomic

    t0 = time.time()
    set_seed(cfg.training.seed)
    d, t = cfg.data, cfg.training
    state = PartialState()
    # Several processes: the main one decides the run folder, prepares the corpus and
    # trains the vocabulary; the others then follow its decision and read its cache and
    # vocabulary (deciding for themselves, they would find the main one's fresh run).
    with state.main_process_first():
        if state.is_main_process:
            run_dir, checkpoint = _prepare_run_dir(cfg, resume, overwrite)
        else:
            run_dir, checkpoint = cfg.run_dir, (last_checkpoint(cfg.run_dir) if resume else None)
        prepared = prepare_words(d.corpus, d.segmenter, skip_boilerplate=d.skip_boilerplate, num_proc=d.num_proc,
                                 cache_dir=d.cache_dir, max_chars=d.max_chars, progress=t.progress)
        words = prepared.dataset
        if state.is_main_process:
            if d.segmenter == "presegmented":
                _warn_if_unsegmented(words, d.corpus)
            run_dir.mkdir(parents=True, exist_ok=True)
            write_text_atomic(run_dir / "config.yaml",
                              "# Resolved anninh-pretrain config (file + --set overrides).\n" + cfg.to_yaml())
        tokenizer, tok_info = _build_tokenizer(cfg, run_dir, words)
    if tokenizer.mask_token is None:
        raise PretrainError(f"tokenizer {tok_info} has no mask token; masked-LM pretraining needs one (<mask>)")
    piecer = WordPiecer(tokenizer)

    is_held = [_heldout(doc, d.heldout_fraction) for doc in words["doc"]]
    train_words = words.select([i for i, h in enumerate(is_held) if not h])
    held_words = words.select([i for i, h in enumerate(is_held) if h])
    pack = dict(piecer=piecer, block_size=d.block_size, cls_id=piecer.cls_id, sep_id=piecer.sep_id)
    cols = words.column_names
    # Packing is a tokenizer pass over the whole corpus (~30 s for 100M characters on one
    # core): the segmentation workers share it where the corpus is large enough to pay.
    pack_proc = d.num_proc if d.num_proc > 1 and len(train_words) >= 10_000 else None
    train_ds = train_words.map(_pack_batch, batched=True, batch_size=1000, remove_columns=cols, fn_kwargs=pack,
                               desc="packing blocks", load_from_cache_file=False, num_proc=pack_proc)
    eval_ds = held_words.map(_pack_batch, batched=True, batch_size=1000, remove_columns=cols, fn_kwargs=pack,
                             desc="packing held-out blocks", load_from_cache_file=False) if len(held_words) else None
    if eval_ds is not None and len(eval_ds) > d.heldout_max_blocks:
        eval_ds = eval_ds.select(range(d.heldout_max_blocks))
    if eval_ds is not None and len(eval_ds) == 0:
        eval_ds = None
    if len(train_ds) == 0:
        raise PretrainError(f"the corpus gives no full block of {d.block_size} subwords; give more text or lower "
                            "data.block_size")
    logger.info(f"{len(train_ds):,} training blocks ({len(train_ds) * d.block_size:,} subwords), "
                f"{len(eval_ds) if eval_ds is not None else 0:,} held-out blocks; tokenizer {tok_info} ({len(tokenizer)})")

    model = _build_model(cfg, tokenizer)
    if model.get_input_embeddings().num_embeddings < len(tokenizer):
        raise PretrainError(f"encoder {cfg.encoder.init} has {model.get_input_embeddings().num_embeddings} embeddings "
                            f"but its tokenizer {len(tokenizer)} entries")
    n_params = sum(p.numel() for p in model.parameters())
    collator = make_collator(tokenizer, t.mlm_probability, t.whole_word_mask)
    args = TrainingArguments(
        output_dir=str(run_dir / "checkpoints"),
        num_train_epochs=t.epochs, max_steps=t.max_steps,
        per_device_train_batch_size=t.batch_size, per_device_eval_batch_size=t.eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        learning_rate=t.learning_rate, lr_scheduler_type=t.lr_scheduler,
        warmup_steps=t.warmup_ratio if t.warmup_ratio > 0 else 0,
        weight_decay=t.weight_decay, max_grad_norm=t.max_grad_norm,
        seed=t.seed, data_seed=t.seed,
        eval_strategy="steps" if eval_ds is not None else "no", eval_steps=t.eval_every_steps,
        save_strategy="steps", save_steps=t.save_every_steps, save_total_limit=t.save_total_limit,
        logging_strategy="steps", logging_steps=t.logging_steps, report_to="none",
        disable_tqdm=not t.progress, use_cpu=device == "cpu",
        fp16=t.precision == "fp16", bf16=t.precision == "bf16",
        dataloader_num_workers=t.dataloader_num_workers,
        remove_unused_columns=False,  # word_start is read by the collator
        ddp_find_unused_parameters=False,
    )
    cbs = list(callbacks)
    if t.max_minutes or t.stop_after_steps:
        from .callbacks import stop_callback

        cbs.append(stop_callback(t.max_minutes, t.stop_after_steps))
    from .callbacks import route_trainer_output  # log lines on stderr, not dicts on stdout

    trainer = route_trainer_output(Trainer(model=model, args=args, train_dataset=train_ds, eval_dataset=eval_ds,
                                           data_collator=collator, processing_class=tokenizer, callbacks=cbs))
    train_out = trainer.train(resume_from_checkpoint=checkpoint)
    metrics: dict[str, Any] = {}
    if eval_ds is not None:
        ev = trainer.evaluate()
        loss = ev.get("eval_loss")
        if loss is not None and math.isfinite(loss):
            metrics = {"heldout_mlm_loss": round(loss, 4), "heldout_perplexity": round(math.exp(min(loss, 50)), 2),
                       "heldout_blocks": len(eval_ds)}
    world = trainer.args.world_size
    steps = trainer.state.global_step
    tokens_seen = steps * t.batch_size * t.gradient_accumulation_steps * world * d.block_size
    if not trainer.is_world_process_zero():
        return PretrainResult(run_dir / "encoder", {})
    prov = {
        "pretrained_by": "anninh-pretrain",
        "is_phobert": False,
        "init": cfg.encoder.init,
        "architecture": {k: getattr(model.config, k) for k in ("hidden_size", "num_hidden_layers", "num_attention_heads",
                                                               "intermediate_size", "vocab_size", "max_position_embeddings")},
        "parameters": n_params,
        "tokenizer": tok_info,
        "corpus": {"spec": list(d.corpus), "fingerprint": prepared.fingerprint, "characters": prepared.info.get("characters"),
                   "documents": prepared.info.get("documents"), "skipped": len(prepared.info.get("skipped", [])),
                   "segmenter": d.segmenter, "max_chars": d.max_chars},
        "steps": steps, "tokens_seen": tokens_seen, "block_size": d.block_size,
        "train_loss": round(float(train_out.training_loss), 4) if train_out.training_loss is not None else None,
        **metrics,
        "seconds": round(time.time() - t0, 1),
        "device": device if world == 1 else f"{device} x{world}",
        "torch_threads": torch.get_num_threads(),
        "command": " ".join(command) if command else "",
        "reproduce": reproduce_command(command, steps, trainer.state.max_steps) if command else "",
        "config": cfg.to_dict(),
        "git_commit": _git_commit(),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    prev = _init_provenance(cfg.encoder.init)
    if prev is not None:  # a continued stage: the card and the provenance keep the whole chain
        prov["previous"] = {k: prev[k] for k in _STAGE_KEYS if k in prev}
        prov["tokens_seen_total"] = tokens_seen + int(prev.get("tokens_seen_total") or prev.get("tokens_seen") or 0)
    out = export_encoder(trainer.model, tokenizer, prov, run_dir / "encoder")
    logger.info(f"encoder written to {out}: {steps:,} steps, {tokens_seen:,} tokens seen, "
                f"held-out perplexity {metrics.get('heldout_perplexity', 'n/a')}, {prov['seconds'] / 60:.1f} min")
    return PretrainResult(out, prov)


# What a continued encoder records of the stage it started from (and, nested, of that
# stage's own ``previous``).
_STAGE_KEYS = ("init", "corpus", "steps", "tokens_seen", "tokens_seen_total", "train_loss", "heldout_mlm_loss",
               "heldout_perplexity", "heldout_blocks", "seconds", "device", "git_commit", "date", "reproduce",
               "previous")


def _init_provenance(init: str) -> dict | None:
    """The provenance of an anninh-pretrain encoder folder that a run continues from;
    None for scratch, a hub name or a foreign folder (real PhoBERT)."""
    f = Path(init) / PROVENANCE_FILE
    if init == "scratch" or not f.is_file():
        return None
    try:
        data = json.loads(f.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def export_encoder(model: Any, tokenizer: Any, provenance: dict, out_dir: Path) -> Path:
    """Write the encoder folder atomically (temporary folder + rename), safetensors only."""
    out_dir = Path(out_dir)
    tmp = out_dir.with_name(out_dir.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    model.save_pretrained(str(tmp))
    tokenizer.save_pretrained(str(tmp))
    (tmp / PROVENANCE_FILE).write_text(json.dumps(provenance, ensure_ascii=False, indent=1), encoding="utf-8")
    (tmp / "README.md").write_text(encoder_card(provenance), encoding="utf-8")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    os.replace(tmp, out_dir)
    return out_dir


def _previous_stage_lines(prev: dict | None) -> list[str]:
    """A continued encoder's earlier stage (``previous`` in its provenance), newest first."""
    lines = []
    while prev:
        c = prev.get("corpus", {})
        lines.append(
            f"- continued from: an encoder of {prev.get('steps', 0):,} steps, {prev.get('tokens_seen', 0):,} tokens "
            f"({c.get('characters') or 0:,} characters), held-out MLM loss {prev.get('heldout_mlm_loss', 'n/a')}, "
            f"initialised from `{prev.get('init')}`")
        prev = prev.get("previous")
    return lines


def encoder_card(p: dict) -> str:
    a = p.get("architecture", {})
    wwm = p.get("config", {}).get("training", {}).get("whole_word_mask", True)
    masking = "whole-word masking" if wwm else "subword masking"
    c = p.get("corpus", {})
    lines = [
        "# anninh-pretrain encoder",
        "",
        "A RoBERTa encoder with PhoBERT's architecture, pretrained by `anninh pretrain` (masked LM,",
        f"{masking} over word-segmented text). **This is not PhoBERT**: it is a small",
        "encoder pretrained on the corpus below, for use where PhoBERT cannot be downloaded.",
        "",
        f"- initialised from: `{p.get('init')}`",
        f"- size: {a.get('num_hidden_layers')} layers x {a.get('hidden_size')} hidden, {a.get('num_attention_heads')} heads, "
        f"{a.get('intermediate_size')} intermediate, vocabulary {a.get('vocab_size')} ({p.get('tokenizer')}); "
        f"{p.get('parameters', 0) / 1e6:.1f}M parameters",
        f"- corpus: {', '.join(c.get('spec', []))} (fingerprint `{c.get('fingerprint')}`, {c.get('characters') or 0:,} characters, "
        f"{c.get('documents') or 0:,} articles, segmenter {c.get('segmenter')})",
        f"- training: {p.get('steps', 0):,} steps, {p.get('tokens_seen', 0):,} tokens seen, blocks of {p.get('block_size')}, "
        f"{(p.get('seconds') or 0) / 60:.0f} min on {p.get('device')} ({p.get('torch_threads')} threads)",
        f"- final training loss {p.get('train_loss')}; held-out MLM loss {p.get('heldout_mlm_loss', 'n/a')}, "
        f"perplexity {p.get('heldout_perplexity', 'n/a')}",
        f"- date {p.get('date')}, git commit `{p.get('git_commit')}`",
        *_previous_stage_lines(p.get("previous")),
        *([f"- tokens seen over all stages: {p['tokens_seen_total']:,}"] if p.get("tokens_seen_total") else []),
        "",
        "Reproduce (from the repository root):",
        "",
        f"    {p.get('reproduce') or p.get('command') or 'anninh pretrain --config <config>'}",
        "",
        f"The last command of the run itself: `{p.get('command')}`.",
        "",
        "Use: `backbone.name: <this folder>` in a training config.",
        "",
    ]
    return "\n".join(lines)
