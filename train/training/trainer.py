"""Fine-tune a token classifier with transformers' Trainer, from one validated config.

Everything distributed, mixed-precision, checkpointing and resuming is the Trainer's (and
accelerate's underneath): ``accelerate launch -m train --config ...`` runs unchanged on
several GPUs. What this module adds is what the Trainer cannot know:

* refusing bad situations before any work: CUDA or fp16/bf16 asked for where there is no
  GPU, a run directory that already holds a *different* run, ``--resume`` of a run whose
  config or backbone changed;
* the data (silver labels for the corpus, gold for dev, augmentation, windows);
* dev metrics: seqeval in strict IOB2 mode, each dev word scored once in the window
  inference would use, the predicted words turned back into character spans and scored by
  the project's shared scorer (:mod:`train.scoring`), so the F1 that drives early stopping
  is the F1 that ``anninh evaluate`` reports;
* the model directory of :mod:`model.modeldir`, written to a temporary folder and renamed
  at the end, so a killed run never leaves a half-written model behind.

Run layout: ``<output_dir>/<name>/config.yaml`` (resolved config), ``run.json``
(backbone identity, for ``--resume``), ``vocab/`` (a corpus-trained vocabulary),
``checkpoints/checkpoint-N`` (the Trainer's) and ``model/`` (the result).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Sequence

from model.labels import ID2LABEL, LABELS, OUTSIDE, TAGS, repair_tags, tags_to_spans, token_spans_to_char_spans

from .config import Config, config_diff, save_config
from .dataset import EncodedRows, SentenceStats, WordSentence, encode_eval, encode_train, paragraphs_to_sentences
from train.corpus.gold import GoldParagraph, load_gold

# What a model directory records about its backbone (anninh.json, metrics.json, card).
BACKBONE_KEYS = ("requested", "used", "pretrained", "tokenizer", "pretrained_by", "fallback", "encoder")

# Keys that may change between a run and its --resume without making it a different run.
COSMETIC_KEYS = ("output_dir", "training.progress", "training.dataloader_num_workers", "description")


class TrainError(RuntimeError):
    """Training cannot start or continue; the message says why and what to do."""


def log(msg: str) -> None:
    print(f"[train] {msg}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- checks


def check_device(cfg: Config) -> str:
    """'cpu' or 'cuda' for this run, or a TrainError naming the key to change."""
    import torch

    t = cfg.training
    has_cuda = torch.cuda.is_available()
    if t.device == "cuda" and not has_cuda:
        build = f"CUDA {torch.version.cuda}" if torch.version.cuda else "a CPU-only build"
        raise TrainError(
            f"training.device is 'cuda' but no CUDA GPU is visible (torch {torch.__version__}, {build}). "
            "Train on the CPU with --set training.device=cpu (or auto), or run on a machine with a GPU."
        )
    device = "cuda" if (has_cuda and t.device != "cpu") else "cpu"
    if t.precision == "fp16" and device != "cuda":
        raise TrainError("training.precision is 'fp16', which needs a CUDA GPU; this run is on the CPU: use --set training.precision=fp32")
    if t.precision == "bf16" and (device != "cuda" or not torch.cuda.is_bf16_supported()):
        where = "the CPU" if device != "cuda" else "a GPU without bf16 support"
        raise TrainError(f"training.precision is 'bf16' but this run is on {where}: use --set training.precision=fp32 (or fp16 on a GPU)")
    return device


def _main_process_first():
    """accelerate's ``main_process_first`` when launched as several processes, else nothing."""
    import contextlib

    if int(os.environ.get("WORLD_SIZE", "1")) > 1:
        from accelerate import PartialState

        return PartialState().main_process_first()
    return contextlib.nullcontext()


def _is_main_process() -> bool:
    return int(os.environ.get("RANK", "0")) == 0 and int(os.environ.get("LOCAL_RANK", "0")) == 0


def prepare_run_dir(cfg: Config, resume: bool = False, overwrite: bool = False) -> tuple[Path, str | None]:
    """Decide what to do with ``<output_dir>/<name>``; return it and the checkpoint to resume.

    Never deletes anything: ``overwrite`` moves an old run aside to ``<name>.old-<time>``.
    """
    from transformers.trainer_utils import get_last_checkpoint

    from .config import ConfigError as _CE
    from .config import load_config

    run_dir = cfg.run_dir
    saved = run_dir / "config.yaml"
    ckpt_dir = run_dir / "checkpoints"
    if run_dir.exists() and not run_dir.is_dir():
        raise TrainError(f"{run_dir} exists and is not a directory; choose another output_dir or --name")
    occupied = run_dir.is_dir() and any(run_dir.iterdir())
    if occupied and overwrite and not resume:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        aside = run_dir.with_name(f"{run_dir.name}.old-{stamp}")
        if _is_main_process():
            run_dir.rename(aside)
            log(f"--overwrite: moved the previous run to {aside} (delete it yourself when no longer needed)")
        return run_dir, None
    if not occupied:
        if resume:
            log(f"--resume: {run_dir} holds no run yet; starting from the beginning")
        return run_dir, None
    if not saved.is_file():
        raise TrainError(
            f"{run_dir} already exists and does not hold an anninh training run (no config.yaml). "
            "Choose another --name / output_dir, or pass --overwrite to move it aside."
        )
    try:
        old = load_config(saved)
    except _CE as exc:
        raise TrainError(f"{run_dir} holds a run whose config.yaml cannot be read ({exc}); use another --name or --overwrite") from None
    diff = [d for d in config_diff(old, cfg) if d.split(':', 1)[0] not in COSMETIC_KEYS]
    if diff:
        shown = "; ".join(diff[:6]) + (f"; and {len(diff) - 6} more" if len(diff) > 6 else "")
        what = "cannot --resume it with a different config" if resume else "refusing to mix runs"
        raise TrainError(
            f"{run_dir} already holds a different run ({shown}): {what}. "
            "Use another --name, or --overwrite to move the old run aside."
        )
    last = get_last_checkpoint(str(ckpt_dir)) if ckpt_dir.is_dir() else None
    finished = (run_dir / "model" / "model.safetensors").is_file()
    if resume:
        if finished:
            raise TrainError(f"{run_dir} holds a finished run (model/ is complete); nothing to resume. Use --overwrite to retrain.")
        if last is None:
            log(f"--resume: no checkpoint in {ckpt_dir} yet; starting from the beginning")
        return run_dir, last
    if finished:
        raise TrainError(f"{run_dir} already holds this finished run ({run_dir / 'model'}). Use another --name, or --overwrite to retrain.")
    if last is not None:
        raise TrainError(
            f"{run_dir} holds an unfinished run with checkpoint {Path(last).name}: continue it with --resume, "
            "or pass --overwrite to start again (the old run is moved aside)."
        )
    return run_dir, None


# ----------------------------------------------------------------------------- data


@dataclass
class PreparedData:
    train: list[WordSentence]
    augmented: list[WordSentence]
    dev: list[WordSentence]
    dev_gold: list[GoldParagraph]
    summary: dict = field(default_factory=dict)


def corpus_spec(cfg: Config) -> list[str]:
    """``data.corpus``, else the one folder of ``data.corpus_dir``, else nothing."""
    d = cfg.data
    return list(d.corpus) if d.corpus else ([d.corpus_dir] if d.corpus_dir else [])


def silver_sentences(cfg: Config) -> tuple[list[WordSentence], SentenceStats, list[str], dict]:
    """The corpus, silver-labelled and segmented through the cache of :mod:`train.prepare`."""
    from train.corpus.reader import CorpusError
    from train.corpus.prepare import prepare_silver

    d = cfg.data
    spec = corpus_spec(cfg)
    stats = SentenceStats()
    if not spec:
        return [], stats, [], {}
    try:
        with _main_process_first():  # several processes: the main one prepares, the others read the cache
            prep = prepare_silver(spec, d.segmenter, skip_boilerplate=d.skip_boilerplate, num_proc=d.num_proc,
                                  cache_dir=d.cache_dir, max_chars=d.max_chars, progress=cfg.training.progress)
    except CorpusError as exc:
        key = "data.corpus" if d.corpus else "data.corpus_dir"
        raise TrainError(f"{key}: {exc} (relative paths start from {Path.cwd()})") from None
    ds = prep.dataset
    out: list[WordSentence] = []
    paras: set[tuple[str, int]] = set()
    for doc, para, forms, tags, offsets, lost, boiler in zip(
            ds["doc"], ds["para"], ds["forms"], ds["tags"], ds["offsets"], ds["lost"], ds["boilerplate"]):
        paras.add((doc, para))
        stats.spans_misaligned += lost
        if boiler:
            stats.boilerplate_skipped += 1
            continue
        out.append(WordSentence(forms, tags, doc, para, [(o[0], o[1]) for o in offsets]))
        stats.words += len(forms)
        for t in tags:
            if t.startswith("B-"):
                stats.entities[t[2:]] += 1
    stats.paragraphs = len(paras)
    stats.sentences = len(out)
    info = prep.info
    where = ", ".join(spec)
    sources = [f"{where} ({info.get('documents')} articles, {info.get('characters'):,} characters; silver labels from "
               f"the rules{', cached' if prep.from_cache else ''})"]
    if info.get("skipped"):
        sources.append(f"{len(info['skipped'])} corpus files or lines skipped (see metrics.json data.corpus_skipped)")
    return out, stats, sources, {"key": prep.key, "fingerprint": prep.fingerprint, "from_cache": prep.from_cache,
                                 "skipped": info.get("skipped", [])[:100], "path": str(prep.path)}


def _merge_stats(a: SentenceStats, b: SentenceStats) -> SentenceStats:
    out = SentenceStats()
    for k in ("paragraphs", "boilerplate_skipped", "sentences", "words", "spans_misaligned"):
        setattr(out, k, getattr(a, k) + getattr(b, k))
    out.entities = a.entities + b.entities
    return out


def prepare_data(cfg: Config) -> PreparedData:
    """Silver corpus (cached), labelled ``data.train_file`` (its paragraphs win over the
    silver labels of the same paragraphs), dev gold, augmentation."""
    from .augment import augment

    d, t = cfg.data, cfg.training
    train, tstats, sources, corpus_info = silver_sentences(cfg)
    train_paras: list[GoldParagraph] = []
    if d.train_file:
        train_paras = load_gold(d.train_file)
        labelled, lstats = paragraphs_to_sentences(train_paras, d.segmenter, d.skip_boilerplate, t.progress,
                                                   "segmenting train_file")
        owned = {(p.doc, p.para) for p in train_paras}
        before = len(train)
        train = [s_ for s_ in train if (s_.doc, s_.para) not in owned] + labelled
        sources.append(f"{d.train_file} ({len(train_paras)} labelled paragraphs"
                       + (f", replacing {before - (len(train) - len(labelled))} silver sentences of the same paragraphs"
                          if before - (len(train) - len(labelled)) else "") + ")")
        tstats = _merge_stats(tstats, lstats)
    if not train:
        raise TrainError(f"no training sentences in {', '.join(sources) or 'the configured data'}: "
                         "the corpus is empty or only boilerplate")
    if not any(s.has_entity for s in train):
        raise TrainError(f"the training data ({', '.join(sources)}) holds no entity at all; nothing to learn")
    dev_gold: list[GoldParagraph] = []
    dev: list[WordSentence] = []
    dstats = None
    if d.dev_file:
        dev_gold = load_gold(d.dev_file)
        if not dev_gold:
            raise TrainError(f"data.dev_file {d.dev_file} holds no paragraphs")
        # Dev keeps every paragraph: an entity in a skipped paragraph must still count as missed.
        dev, dstats = paragraphs_to_sentences(dev_gold, d.segmenter, False, t.progress, "segmenting dev")
    augmented, aug_summary = augment(train, cfg.augment, d.segmenter, t.seed)
    train_docs = {s_.doc for s_ in train}
    overlap = sorted(train_docs & {p.doc for p in dev_gold})
    summary = {
        "train_sources": sources,
        "corpus": corpus_info,
        "train": tstats.as_dict(),
        "dev_file": d.dev_file,
        "dev": dstats.as_dict() if dstats else None,
        "augmentation": aug_summary,
        "dev_documents_also_in_train": overlap,
    }
    return PreparedData(train, augmented, dev, dev_gold, summary)


# ----------------------------------------------------------------------------- metrics


class PadCollator:
    """Pads ``input_ids`` with the tokenizer's pad id and ``labels`` with -100."""

    def __init__(self, pad_id: int, multiple_of: int | None = None) -> None:
        self.pad_id = pad_id
        self.multiple_of = multiple_of

    def __call__(self, features: Sequence[dict]) -> dict:
        import torch

        n = max(len(f["input_ids"]) for f in features)
        if self.multiple_of:
            n = -(-n // self.multiple_of) * self.multiple_of
        ids = torch.full((len(features), n), self.pad_id, dtype=torch.long)
        mask = torch.zeros((len(features), n), dtype=torch.long)
        labels = torch.full((len(features), n), -100, dtype=torch.long)
        for i, f in enumerate(features):
            k = len(f["input_ids"])
            ids[i, :k] = torch.as_tensor(f["input_ids"], dtype=torch.long)
            mask[i, :k] = 1
            if "labels" in f:
                labels[i, :k] = torch.as_tensor(f["labels"], dtype=torch.long)
        return {"input_ids": ids, "attention_mask": mask, "labels": labels}


def word_predictions(pred_ids: Any, inputs: Any, rows: EncodedRows, sentences: Sequence[WordSentence], pad_id: int) -> list[list[str]]:
    """Predicted tag per dev word (raw, before repair).

    The Trainer may return eval windows in another order than the dataset's (length-grouped
    or distributed sampling), so each prediction row is matched to its window by its input
    ids. Identical windows get identical predictions, so which copy a row is matched to
    does not matter.
    """
    import numpy as np

    index: dict[tuple, list[int]] = {}
    for r, ids in enumerate(rows.input_ids):
        index.setdefault(tuple(ids), []).append(r)
    seen = [False] * len(rows.input_ids)
    out = [[OUTSIDE] * len(s.forms) for s in sentences]
    for k in range(len(pred_ids)):
        ids = np.asarray(inputs[k])
        n = len(ids)
        while n and (ids[n - 1] == pad_id or ids[n - 1] == -100):
            n -= 1
        cands = index.get(tuple(int(x) for x in ids[:n]))
        if not cands:
            raise RuntimeError(f"evaluation returned a window that is not in the dev dataset (row {k})")
        r = next((c for c in cands if not seen[c]), cands[0])
        seen[r] = True
        tags = out[rows.sentence[r]]
        pos = [p for p, lab in enumerate(rows.labels[r]) if lab != -100]
        for p, w in zip(pos, rows.scored_words[r]):
            tags[w] = ID2LABEL.get(int(pred_ids[k][p]), OUTSIDE)
    if not all(seen):
        raise RuntimeError(f"evaluation returned predictions for {sum(seen)} of {len(seen)} dev windows")
    return out


def _float_report(report: dict) -> dict:
    return {k: {m: float(v) for m, v in d.items()} for k, d in report.items()}


def word_report(sentences: Sequence[WordSentence], predicted: Sequence[Sequence[str]]) -> dict:
    """seqeval (strict, IOB2) over dev words; predictions repaired as inference reads them."""
    from seqeval.metrics import classification_report
    from seqeval.scheme import IOB2

    y_true = [list(s.tags) for s in sentences]
    y_pred = [repair_tags(p) for p in predicted]
    if not any(t != OUTSIDE for seq in y_true + y_pred for t in seq):
        return {}
    return _float_report(classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0))


def span_predictions(sentences: Sequence[WordSentence], predicted: Sequence[Sequence[str]]) -> dict:
    """(doc, para) -> character spans, from word tags and the words' offsets."""
    out: dict[tuple[str, int], list] = {}
    for s, tags in zip(sentences, predicted):
        spans = token_spans_to_char_spans(s.offsets, tags_to_spans(repair_tags(tags)))
        out.setdefault((s.doc, s.para), []).extend(spans)
    return out


def dev_reports(pred_ids, inputs, rows: EncodedRows, data: PreparedData, pad_id: int) -> tuple[dict, Any]:
    from train.evaluation.scoring import score_paragraphs

    predicted = word_predictions(pred_ids, inputs, rows, data.dev, pad_id)
    spans = span_predictions(data.dev, predicted)
    for gp in data.dev_gold:
        spans.setdefault((gp.doc, gp.para), [])
    return word_report(data.dev, predicted), score_paragraphs(data.dev_gold, spans)


class DevMetrics:
    """Trainer's ``compute_metrics``: dev F1 from the shared scorer; keeps the last full reports."""

    def __init__(self, rows: EncodedRows, data: PreparedData, pad_id: int) -> None:
        self.rows, self.data, self.pad_id = rows, data, pad_id
        self.last: tuple[dict, Any] | None = None

    def __call__(self, eval_pred) -> dict:
        words, score = dev_reports(eval_pred.predictions, eval_pred.inputs, self.rows, self.data, self.pad_id)
        self.last = (words, score)
        out = {
            "f1": score.micro_f1,
            "precision": float(score.seqeval.get("micro avg", {}).get("precision", 0.0)),
            "recall": float(score.seqeval.get("micro avg", {}).get("recall", 0.0)),
            "word_f1": float(words.get("micro avg", {}).get("f1-score", 0.0)),
        }
        for lab in LABELS:
            out[f"f1_{lab}"] = score.f1(lab)
        return out


def argmax_logits(logits, labels):
    if isinstance(logits, tuple):
        logits = logits[0]
    return logits.argmax(dim=-1)


# ----------------------------------------------------------------------------- run


@dataclass
class TrainResult:
    run_dir: Path
    model_dir: Path
    metrics: dict


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True, timeout=10).stdout.strip()
        return head + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return ""


def _check_resume_identity(run_dir: Path, info: dict) -> None:
    path = run_dir / "run.json"
    if not path.is_file():
        return
    old = json.loads(path.read_text(encoding="utf-8")).get("backbone", {})
    keys = ("requested", "used", "pretrained", "tokenizer")
    if any(old.get(k) != info.get(k) for k in keys):
        raise TrainError(
            f"--resume: {run_dir} was started with backbone {({k: old.get(k) for k in keys})} but this run resolves "
            f"to {({k: info.get(k) for k in keys})} (check $ANNINH_BACKBONE / $ANNINH_PHOBERT_DIR); "
            "restore the same backbone, or train under another --name"
        )


def training_arguments(cfg: Config, run_dir: Path, device: str, has_dev: bool, learning_rate: float):
    from transformers import TrainingArguments

    t = cfg.training
    strategy = "steps" if t.eval_every_steps else "epoch"
    kw: dict[str, Any] = dict(
        output_dir=str(run_dir / "checkpoints"),
        num_train_epochs=t.epochs,
        max_steps=t.max_steps,
        per_device_train_batch_size=t.batch_size,
        per_device_eval_batch_size=t.eval_batch_size,
        gradient_accumulation_steps=t.gradient_accumulation_steps,
        learning_rate=learning_rate,
        lr_scheduler_type=t.lr_scheduler,
        warmup_steps=t.warmup_ratio if t.warmup_ratio > 0 else 0,  # a float in (0, 1) is a ratio
        weight_decay=t.weight_decay,
        max_grad_norm=t.max_grad_norm,
        seed=t.seed,
        data_seed=t.seed,
        full_determinism=t.full_determinism,
        eval_strategy=strategy if has_dev else "no",
        save_strategy=strategy,
        save_total_limit=t.save_total_limit,
        load_best_model_at_end=has_dev,
        metric_for_best_model="f1" if has_dev else None,
        greater_is_better=True if has_dev else None,
        restore_callback_states_from_checkpoint=True,
        logging_strategy="steps",
        logging_steps=t.logging_steps,
        report_to="none",
        disable_tqdm=not t.progress,
        use_cpu=device == "cpu",
        fp16=t.precision == "fp16",
        bf16=t.precision == "bf16",
        dataloader_num_workers=t.dataloader_num_workers,
        remove_unused_columns=True,
        train_sampling_strategy="group_by_length" if t.group_by_length else "random",
        include_for_metrics=["inputs"],
        label_names=["labels"],
        ddp_find_unused_parameters=False,  # a token classifier uses every weight
    )
    if t.eval_every_steps:
        kw.update(eval_steps=t.eval_every_steps, save_steps=t.eval_every_steps)
    return TrainingArguments(**kw)


def run_training(
    cfg: Config,
    resume: bool = False,
    overwrite: bool = False,
    callbacks: Sequence[Any] = (),
) -> TrainResult:
    """Train per ``cfg``; write ``<output_dir>/<name>/model``; return its metrics."""
    import torch

    from contextlib import nullcontext

    from .callbacks import NonFiniteLossCallback
    from .run_cleanup import discard_unstarted_run
    from .runlock import run_lock

    deterministic = torch.are_deterministic_algorithms_enabled()
    main = _is_main_process()  # several processes of one launch share the run: the main one locks
    try:
        with run_lock(cfg.run_dir) if main else nullcontext(), discard_unstarted_run(cfg.run_dir, main):
            return _run(cfg, resume, overwrite, [*callbacks, NonFiniteLossCallback()])
    finally:  # full_determinism switches a process-wide flag; give the caller its own back
        torch.use_deterministic_algorithms(deterministic)


def _run(cfg: Config, resume: bool, overwrite: bool, callbacks: Sequence[Any]) -> TrainResult:
    from transformers import EarlyStoppingCallback, Trainer, enable_full_determinism, set_seed

    t0 = time.time()
    device = check_device(cfg)
    run_dir, checkpoint = prepare_run_dir(cfg, resume=resume, overwrite=overwrite)
    main = _is_main_process()
    if main:
        run_dir.mkdir(parents=True, exist_ok=True)
        save_config(cfg, run_dir / "config.yaml")

    from .backbone import fallback_bundled, fallback_scratch, open_pretrained

    # The pretrained backbone first: a missing one with fallback: error fails in seconds,
    # not after the corpus has been labelled and segmented.
    (enable_full_determinism if cfg.training.full_determinism else set_seed)(cfg.training.seed)
    pretrained, reason = open_pretrained(cfg.backbone, cfg.data.max_length)
    if pretrained is None and cfg.backbone.fallback == "bundled":
        pretrained = fallback_bundled(cfg.backbone, cfg.data.max_length, reason)

    data = prepare_data(cfg)
    s = data.summary
    log(f"train: {s['train']['sentences']} sentences ({s['train']['words']} words, entities {s['train']['entities']}), "
        f"+{len(data.augmented)} augmented; dev: {len(data.dev)} sentences from {cfg.data.dev_file}")

    train_all = data.train + data.augmented
    if pretrained is not None:
        bb = pretrained
    else:
        set_seed(cfg.training.seed)  # the scratch weights depend on the seed only
        with _main_process_first():  # several processes: the main one trains and saves the vocabulary
            bb = fallback_scratch(cfg.backbone, cfg.data.max_length, lambda: (w for s_ in train_all for w in s_.forms),
                                  run_dir / "vocab", reason)
    if checkpoint:
        _check_resume_identity(run_dir, bb.info)
    if main:
        (run_dir / "run.json").write_text(json.dumps({"backbone": bb.info, "started": _now()}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lr = cfg.training.learning_rate
    if bb.info.get("fallback") == "bundled" and cfg.backbone.bundled.learning_rate:
        lr = cfg.backbone.bundled.learning_rate
        log(f"bundled encoder: learning rate {lr} (backbone.bundled.learning_rate) instead of training.learning_rate")
    if not bb.info["pretrained"] and cfg.backbone.scratch.learning_rate:
        lr = cfg.backbone.scratch.learning_rate
        log(f"scratch backbone: learning rate {lr} (backbone.scratch.learning_rate) instead of training.learning_rate")

    d = cfg.data
    from model.encoding import WordPiecer

    piecer = WordPiecer(bb.tokenizer)
    train_rows = encode_train(train_all, bb.tokenizer, d.max_length, d.stride, d.label_all_tokens, piecer)
    dev_rows = encode_eval(data.dev, bb.tokenizer, d.max_length, d.stride, piecer) if data.dev else None
    unk = piecer.unk_id
    n_unk = sum(x == unk for ids in train_rows.input_ids for x in ids)
    s["encoded"] = {"train_windows": len(train_rows.input_ids), "train_subwords": train_rows.n_subwords,
                    "train_unk_subwords": n_unk,
                    "dev_windows": len(dev_rows.input_ids) if dev_rows else 0,
                    "dev_subwords": dev_rows.n_subwords if dev_rows else 0}
    log(f"encoded: {s['encoded']}")

    has_dev = dev_rows is not None
    args = training_arguments(cfg, run_dir, device, has_dev, lr)
    dev_metrics = DevMetrics(dev_rows, data, bb.tokenizer.pad_token_id) if has_dev else None

    def make_trainer(model, targs, rows: EncodedRows):
        cbs = list(callbacks)
        if has_dev and cfg.training.early_stopping_patience > 0:
            cbs.append(EarlyStoppingCallback(cfg.training.early_stopping_patience, cfg.training.early_stopping_threshold))
        return Trainer(
            model=model,
            args=targs,
            data_collator=PadCollator(bb.tokenizer.pad_token_id, 8 if device == "cuda" else None),
            train_dataset=rows.to_dataset(),
            eval_dataset=dev_rows.to_dataset() if has_dev else None,
            processing_class=bb.tokenizer,
            compute_metrics=dev_metrics,
            preprocess_logits_for_metrics=argmax_logits if has_dev else None,
            callbacks=cbs,
        )

    trainer = make_trainer(bb.model, args, train_rows)
    out = trainer.train(resume_from_checkpoint=checkpoint)
    base_steps, base_epochs = trainer.state.global_step, trainer.state.epoch  # before any self-training round
    self_training: list[dict] = []
    if cfg.training.self_training.rounds > 0:
        trainer, self_training = run_self_training(cfg, trainer, make_trainer, args, data, piecer, run_dir, has_dev)

    metrics: dict[str, Any] = {
        "backbone": {k: bb.info[k] for k in BACKBONE_KEYS if k in bb.info},
        "train": {"loss": out.training_loss, "global_step": base_steps,
                  "epochs": base_epochs, "resumed_from": Path(checkpoint).name if checkpoint else None,
                  "learning_rate": lr, "device": device, "precision": cfg.training.precision},
        "best_checkpoint": Path(trainer.state.best_model_checkpoint).name if trainer.state.best_model_checkpoint else None,
        "history": [
            {k: v for k, v in e.items() if k in ("epoch", "step", "eval_f1", "eval_word_f1", "eval_loss")}
            for e in trainer.state.log_history if "eval_f1" in e
        ],
        "data": data.summary,
    }
    if self_training:
        metrics["self_training"] = self_training
    if has_dev:
        trainer.evaluate()  # the best model (load_best_model_at_end), scored once more in full
        words, score = dev_metrics.last
        metrics["dev"] = {"file": cfg.data.dev_file, **score.as_dict(),
                          "markdown": score.to_markdown("dev: seqeval (strict, IOB2, entity level), syllable tokens")}
        metrics["dev_words"] = words
        log(f"dev micro F1 {score.micro_f1:.3f} (" + ", ".join(f"{lab} {score.f1(lab):.3f}" for lab in LABELS) + ")")
    metrics["train"]["runtime_s"] = round(time.time() - t0, 1)

    model_dir = run_dir / "model"
    write_model_dir(trainer, cfg, bb.info, metrics, model_dir)
    if trainer.is_world_process_zero():
        log(f"model written to {model_dir}")
    return TrainResult(run_dir, model_dir, metrics)


def run_self_training(cfg: Config, trainer, make_trainer, args, data: PreparedData, piecer, run_dir: Path,
                      has_dev: bool):
    """BOND-style rounds (:mod:`train.selftrain`); returns the trainer holding the best
    round's weights (by dev F1; the last round without dev) and a report per round."""
    import copy
    import dataclasses

    from .selftrain import relabel

    st, d, t = cfg.training.self_training, cfg.data, cfg.training

    def dev_f1() -> float | None:
        return float(trainer.evaluate().get("eval_f1", 0.0)) if has_dev else None

    best_f1 = dev_f1()
    best_state = copy.deepcopy(trainer.model.state_dict())
    best_round = 0
    report: list[dict] = [{"round": 0, "labels": "rules", "dev_f1": best_f1, "steps": trainer.state.global_step}]
    log(f"self-training round 0 (rules' labels): dev F1 {best_f1 if best_f1 is not None else 'n/a'}")
    for r in range(1, st.rounds + 1):
        relabelled, stats = relabel(trainer.model, piecer, data.train, d.max_length, d.stride, st.threshold,
                                    t.eval_batch_size, t.progress)
        rows = encode_train(relabelled + data.augmented, piecer.tokenizer, d.max_length, d.stride,
                            d.label_all_tokens, piecer)
        r_args = dataclasses.replace(args, output_dir=str(run_dir / "checkpoints" / f"self-training-{r}"),
                                     num_train_epochs=st.epochs, max_steps=st.max_steps)
        trainer = make_trainer(trainer.model, r_args, rows)
        trainer.train()
        f1 = dev_f1()
        report.append({"round": r, "labels": f"rules + model spans >= {st.threshold}", "dev_f1": f1,
                       "steps": trainer.state.global_step, "relabel": stats.as_dict()})
        log(f"self-training round {r}: +{stats.added} model spans where the rules abstain "
            f"({stats.overlapping} confident spans left to the rules); dev F1 {f1 if f1 is not None else 'n/a'}")
        if f1 is None or best_f1 is None or f1 > best_f1:
            best_f1, best_round = f1, r
            best_state = copy.deepcopy(trainer.model.state_dict())
    trainer.model.load_state_dict(best_state)
    for rec in report:
        rec["kept"] = rec["round"] == best_round
    log(f"self-training: keeping round {best_round}" + (f" (dev F1 {best_f1:.3f})" if best_f1 is not None else ""))
    return trainer, report


def _now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def write_model_dir(trainer, cfg: Config, backbone_info: dict, metrics: dict, model_dir: Path) -> None:
    """Everything inference needs, written beside and then renamed over ``model_dir``."""
    from model.modeldir import ModelMeta, read_meta, write_meta

    from .modelcard import model_card

    tmp = model_dir.with_name(model_dir.name + ".tmp")
    main = trainer.is_world_process_zero()
    if main and tmp.exists():
        shutil.rmtree(tmp)
    trainer.save_model(str(tmp))  # every process: sharded set-ups gather weights collectively
    if not main:
        return
    (tmp / "training_args.bin").unlink(missing_ok=True)  # a pickle; inference never needs it
    cfg_json = json.loads((tmp / "config.json").read_text(encoding="utf-8"))
    if [cfg_json["id2label"][str(i)] for i in range(len(TAGS))] != list(TAGS):
        raise TrainError(f"{tmp / 'config.json'}: id2label does not match the label scheme {list(TAGS)}")
    created, commit = _now(), git_commit()
    backbone = {k: backbone_info[k] for k in BACKBONE_KEYS if k in backbone_info}
    write_meta(tmp, ModelMeta(segmenter=cfg.data.segmenter, max_length=cfg.data.max_length, stride=cfg.data.stride,
                              labels=list(TAGS), backbone=backbone, created=created, git_commit=commit))
    save_config(cfg, tmp / "config.yaml")
    metrics = {**metrics, "created": created, "git_commit": commit}
    (tmp / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    (tmp / "README.md").write_text(model_card(cfg, metrics), encoding="utf-8")
    read_meta(tmp)  # the directory must be one that inference accepts
    if model_dir.exists():
        shutil.rmtree(model_dir)
    tmp.rename(model_dir)


__all__ = ["TrainError", "TrainResult", "run_training", "check_device", "prepare_run_dir", "prepare_data",
           "PadCollator"]
