"""The run's ``transformers.TrainingArguments``, from the training config.

Everything distributed, mixed-precision, checkpointing and resuming is the Trainer's (and
accelerate's underneath), so ``accelerate launch -m train --config ...`` runs unchanged on
several GPUs; this maps ``training.*`` onto its arguments. With a dev file the Trainer
evaluates on dev F1 (:mod:`.metrics`), keeps the best checkpoint and loads it at the end.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import Config


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
        remove_unused_columns=False,  # the datasets hold only what is used (loss_weight: weighted_loss.py)
        train_sampling_strategy="group_by_length" if t.group_by_length else "random",
        include_for_metrics=["inputs"],
        label_names=["labels"],
        ddp_find_unused_parameters=False,  # a token classifier uses every weight
    )
    if t.eval_every_steps:
        kw.update(eval_steps=t.eval_every_steps, save_steps=t.eval_every_steps)
    return TrainingArguments(**kw)
