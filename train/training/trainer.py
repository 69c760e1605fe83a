"""Fine-tune a token classifier with transformers' Trainer, from one validated config.

Everything distributed, mixed-precision, checkpointing and resuming is the Trainer's (and
accelerate's underneath): ``accelerate launch -m train --config ...`` runs unchanged on
several GPUs. :func:`run_training` adds what the Trainer cannot know, in this order:

* refusing bad situations before any work: CUDA or fp16/bf16 asked for where there is no
  GPU (:mod:`.device`), a run directory that already holds a *different* run, ``--resume``
  of a run whose config or backbone changed (:mod:`.rundir`), a second process training
  into the same run (:mod:`.runlock`);
* the data: silver labels for the corpus, gold for dev, augmentation (:mod:`.data`), cut
  into subword windows (:mod:`.dataset`) and padded by transformers'
  ``DataCollatorForTokenClassification``;
* dev metrics (:mod:`.metrics`): each dev word scored once in the window inference would
  use, the predicted words turned back into character spans and scored by the project's
  shared scorer (:mod:`train.evaluation.scoring`), so the F1 that drives early stopping
  is the F1 that ``anninh evaluate`` reports;
* self-training rounds (:mod:`.selftrain`) when ``training.self_training.rounds`` asks;
* the model directory of :mod:`model.modeldir` (:mod:`.export`), written to a temporary
  folder and renamed at the end, so a killed run never leaves a half-written model behind.

Under several processes accelerate's ``PartialState`` says which one is the main one: it
locks, writes the run folder and prepares the corpus while the others wait.

Run layout: ``<output_dir>/<name>/config.yaml`` (resolved config), ``run.json``
(backbone identity, for ``--resume``), ``vocab/`` (a corpus-trained vocabulary),
``checkpoints/checkpoint-N`` (the Trainer's) and ``model/`` (the result).
"""
from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from model.labels import LABELS

from .arguments import training_arguments
from .config import Config, save_config
from .data import prepare_data
from .dataset import GOLD, EncodedRows, encode_eval, encode_train
from .device import check_device
from .errors import disk_full_error, is_disk_full
from .export import BACKBONE_KEYS, utc_now, write_model_dir
from .metrics import DevMetrics, label_probabilities
from .rundir import best_checkpoint_name, check_resume_identity, prepare_run_dir
from .reviewed import complete_silver, finetune_units, repeat_gold, source_weights
from .selftrain import run_self_training

logger = logging.getLogger(__name__)


@dataclass
class TrainResult:
    run_dir: Path
    model_dir: Path
    metrics: dict


def run_training(
    cfg: Config,
    resume: bool = False,
    overwrite: bool = False,
    callbacks: Sequence[Any] = (),
) -> TrainResult:
    """Train per ``cfg``; write ``<output_dir>/<name>/model``; return its metrics."""
    import torch
    from accelerate import PartialState

    from contextlib import nullcontext

    from .callbacks import NonFiniteLossCallback
    from .run_cleanup import discard_unstarted_run
    from .runlock import run_lock

    device = check_device(cfg)
    # accelerate's process state, set up for this device as the Trainer will set it up (on
    # the CPU it must be told, or a multi-process CPU launch looks like one process);
    # PartialState() anywhere later returns this same shared state.
    main = PartialState(cpu=device == "cpu").is_main_process  # several processes share the run: the main one locks
    deterministic = torch.are_deterministic_algorithms_enabled()
    try:
        with run_lock(cfg.run_dir) if main else nullcontext(), discard_unstarted_run(cfg.run_dir, main):
            try:
                return _run(cfg, device, resume, overwrite, [*callbacks, NonFiniteLossCallback()])
            except (OSError, RuntimeError) as exc:
                # A checkpoint or the model written onto a full disk fails deep in torch's
                # C++ writer or safetensors' Rust one, with no word of the disk; say it.
                if is_disk_full(exc):
                    raise disk_full_error(exc, cfg.run_dir) from exc
                raise
    finally:  # full_determinism switches a process-wide flag; give the caller its own back
        torch.use_deterministic_algorithms(deterministic)


def _learning_rate(cfg: Config, backbone_info: dict) -> float:
    """``training.learning_rate``, unless the bundled or a scratch backbone has its own."""
    lr = cfg.training.learning_rate
    if backbone_info.get("init_from"):  # a model already fine-tuned by this project goes on at the fine-tuning rate
        return lr
    if backbone_info.get("fallback") == "bundled" and cfg.backbone.bundled.learning_rate:
        lr = cfg.backbone.bundled.learning_rate
        logger.info(f"bundled encoder: learning rate {lr} (backbone.bundled.learning_rate) instead of training.learning_rate")
    if not backbone_info["pretrained"] and cfg.backbone.scratch.learning_rate:
        lr = cfg.backbone.scratch.learning_rate
        logger.info(f"scratch backbone: learning rate {lr} (backbone.scratch.learning_rate) instead of training.learning_rate")
    return lr


def _run(cfg: Config, device: str, resume: bool, overwrite: bool, callbacks: Sequence[Any]) -> TrainResult:
    from accelerate import PartialState
    from transformers import DataCollatorForTokenClassification, EarlyStoppingCallback, enable_full_determinism, set_seed

    from .weighted_loss import WeightedLossTrainer

    from .callbacks import route_trainer_output, stop_callback

    t0 = time.time()
    run_dir, checkpoint = prepare_run_dir(cfg, resume=resume, overwrite=overwrite)
    main = PartialState().is_main_process
    if main:
        run_dir.mkdir(parents=True, exist_ok=True)
        save_config(cfg, run_dir / "config.yaml")

    from .backbone import fallback_bundled, fallback_scratch, open_pretrained

    # The pretrained backbone first: a missing one with fallback: error fails in seconds,
    # not after the corpus has been labelled and segmented.
    (enable_full_determinism if cfg.training.full_determinism else set_seed)(cfg.training.seed)
    if cfg.backbone.init_from:  # a model of this project's (the silver model: strong + weak training)
        from .init_model import open_trained

        pretrained, reason = open_trained(cfg), ""
    else:
        pretrained, reason = open_pretrained(cfg.backbone, cfg.data.max_length)
    if pretrained is None and cfg.backbone.fallback == "bundled":
        pretrained = fallback_bundled(cfg.backbone, cfg.data.max_length, reason)

    data = prepare_data(cfg)
    s = data.summary
    logger.info(f"train: {s['train']['sentences']} sentences ({s['train']['words']} words, entities {s['train']['entities']}), "
                f"+{len(data.augmented)} augmented; dev: {len(data.dev)} sentences from {cfg.data.dev_file}")
    if s.get("partial_labels"):
        p = s["partial_labels"]
        logger.info(f"partial labels: {p['unknown_words']} words in {p['sentences']} sentences left out of the loss "
                    f"(proper nouns the rules say nothing about; most frequent: {', '.join(p['most_frequent'][:8])})")

    train_all = data.train + data.augmented
    if pretrained is not None:
        bb = pretrained
    else:
        set_seed(cfg.training.seed)  # the scratch weights depend on the seed only
        with PartialState().main_process_first():  # several processes: the main one trains and saves the vocabulary
            bb = fallback_scratch(cfg.backbone, cfg.data.max_length, lambda: (w for s_ in train_all for w in s_.forms),
                                  run_dir / "vocab", reason)
    if checkpoint:
        check_resume_identity(run_dir, bb.info)
    if main:
        (run_dir / "run.json").write_text(json.dumps({"backbone": bb.info, "started": utc_now()}, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    lr = _learning_rate(cfg, bb.info)

    d = cfg.data
    from model.encoding import WordPiecer

    piecer = WordPiecer(bb.tokenizer)
    if cfg.backbone.init_from and d.reviewed.sets and d.reviewed.complete:
        # step (a): the silver completed by the model it starts from (confident spans where the rules abstain)
        data.train, train_all, s["completion"] = complete_silver(cfg, bb.model, piecer, data)
    weights = source_weights(d.reviewed)  # step (b): a silver word weighs less than a reviewed one
    train_rows = encode_train(repeat_gold(train_all, d.reviewed.repeat), bb.tokenizer, d.max_length, d.stride,
                              d.label_all_tokens, piecer, weights)
    dev_rows = encode_eval(data.dev, bb.tokenizer, d.max_length, d.stride, piecer) if data.dev else None
    unk = piecer.unk_id
    n_unk = sum(x == unk for ids in train_rows.input_ids for x in ids)
    s["encoded"] = {"train_windows": len(train_rows.input_ids), "train_subwords": train_rows.n_subwords,
                    "train_unk_subwords": n_unk,
                    "dev_windows": len(dev_rows.input_ids) if dev_rows else 0,
                    "dev_subwords": dev_rows.n_subwords if dev_rows else 0}
    logger.info(f"encoded: {s['encoded']}")

    has_dev = dev_rows is not None
    args = training_arguments(cfg, run_dir, device, has_dev, lr)
    dev_metrics = DevMetrics(dev_rows, data, bb.tokenizer.pad_token_id) if has_dev else None
    # Pads input_ids with the tokenizer's pad id (on its padding side, the right for
    # PhoBERT/RoBERTa), builds the attention mask and pads labels with -100.
    collator = DataCollatorForTokenClassification(bb.tokenizer, pad_to_multiple_of=8 if device == "cuda" else None)

    def make_trainer(model, targs, rows: EncodedRows):
        cbs = list(callbacks)
        if has_dev and cfg.training.early_stopping_patience > 0:
            cbs.append(EarlyStoppingCallback(cfg.training.early_stopping_patience, cfg.training.early_stopping_threshold))
        if cfg.training.max_minutes:
            cbs.append(stop_callback(cfg.training.max_minutes, None, evaluate=has_dev))
        return route_trainer_output(WeightedLossTrainer(
            model=model,
            args=targs,
            data_collator=collator,
            train_dataset=rows.to_dataset(),
            eval_dataset=dev_rows.to_dataset() if has_dev else None,
            processing_class=bb.tokenizer,
            compute_metrics=dev_metrics,
            preprocess_logits_for_metrics=label_probabilities if has_dev else None,
            callbacks=cbs,
        ))

    trainer = make_trainer(bb.model, args, train_rows)
    out = trainer.train(resume_from_checkpoint=checkpoint)
    base_steps, base_epochs = trainer.state.global_step, trainer.state.epoch  # before any self-training round
    best_checkpoint = best_checkpoint_name(trainer)
    history = [{k: v for k, v in e.items() if k in ("epoch", "step", "eval_f1", "eval_word_f1", "eval_loss")}
               for e in trainer.state.log_history if "eval_f1" in e]  # the first fit's evaluations
    self_training: list[dict] = []
    if cfg.training.self_training.rounds > 0:
        trainer, self_training = run_self_training(cfg, trainer, make_trainer, args, data, piecer, run_dir, has_dev)
        # The model written is the kept round's: name its checkpoint, not the last round's.
        best_checkpoint = next((r.get("best_checkpoint") for r in self_training if r.get("kept")), best_checkpoint)
    finetune: dict | None = None
    if d.reviewed.sets and d.reviewed.finetune.epochs > 0:  # step (c): the people's labels have the last word
        trainer, finetune = run_finetune(cfg, trainer, make_trainer, args, data, piecer, has_dev)
        best_checkpoint = finetune.get("best_checkpoint") or best_checkpoint

    metrics: dict[str, Any] = {
        "backbone": {k: bb.info[k] for k in BACKBONE_KEYS if k in bb.info},
        "train": {"loss": out.training_loss, "global_step": base_steps,
                  "epochs": base_epochs, "resumed_from": Path(checkpoint).name if checkpoint else None,
                  "learning_rate": lr, "device": device, "precision": cfg.training.precision},
        "best_checkpoint": best_checkpoint,
        "history": history,
        "data": data.summary,
    }
    if self_training:
        metrics["self_training"] = self_training
    if finetune:
        metrics["finetune"] = finetune
    if has_dev:
        trainer.evaluate()  # the best model (load_best_model_at_end), scored once more in full
        words, score = dev_metrics.last
        metrics["dev"] = {"file": cfg.data.dev_file, **score.as_dict(),
                          "markdown": score.to_markdown("dev: seqeval (strict, IOB2, entity level), syllable tokens")}
        metrics["dev_words"] = words
        logger.info(f"dev micro F1 {score.micro_f1:.3f} (" + ", ".join(f"{lab} {score.f1(lab):.3f}" for lab in LABELS) + ")")
    metrics["train"]["runtime_s"] = round(time.time() - t0, 1)

    model_dir = run_dir / "model"
    write_model_dir(trainer, cfg, bb.info, metrics, model_dir)
    if trainer.is_world_process_zero():
        logger.info(f"model written to {model_dir}")
    return TrainResult(run_dir, model_dir, metrics)


def run_finetune(cfg: Config, trainer, make_trainer, args, data, piecer, has_dev: bool) -> tuple[Any, dict]:
    """NEEDLE's step (c): a short fine-tuning on the reviewed gold plus a small silver replay,
    continuing from the current weights, its checkpoints in ``checkpoints/finetune``; the
    best of them by dev F1 is kept (``load_best_model_at_end``)."""
    import dataclasses

    d, ft = cfg.data, cfg.data.reviewed.finetune
    before = float(trainer.evaluate().get("eval_f1", 0.0)) if has_dev else None
    units = finetune_units(data.train, ft.silver_replay, cfg.training.seed)
    rows = encode_train(units, piecer.tokenizer, d.max_length, d.stride, d.label_all_tokens, piecer,
                        source_weights(d.reviewed))
    f_args = dataclasses.replace(args, output_dir=str(Path(args.output_dir) / "finetune"), num_train_epochs=ft.epochs,
                                 max_steps=-1, learning_rate=ft.learning_rate)
    trainer = make_trainer(trainer.model, f_args, rows)
    trainer.train()
    after = float(trainer.evaluate().get("eval_f1", 0.0)) if has_dev else None
    gold = sum(u.source == GOLD for u in units)
    best = best_checkpoint_name(trainer)
    report = {"units": len(units), "gold_units": gold, "silver_replay_units": len(units) - gold,
              "epochs": ft.epochs, "learning_rate": ft.learning_rate, "steps": trainer.state.global_step,
              "dev_f1_before": before, "dev_f1_after": after, "best_checkpoint": f"finetune/{best}" if best else None}
    logger.info(f"fine-tuning on the reviewed gold ({gold} units + {len(units) - gold} silver replayed): "
                f"dev F1 {before if before is not None else 'n/a'} -> {after if after is not None else 'n/a'}")
    return trainer, report
