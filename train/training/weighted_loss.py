"""A noise-aware token loss: each training row carries a weight (``loss_weight``), the
weight of its sentence's source (:func:`train.training.reviewed.source_weights`).

NEEDLE's point (b): a silver word should count for less than a word a person checked.
The loss is the weighted sum of the tokens' cross-entropies divided by the number of
labelled tokens, not by the sum of the weights: divided by the weights, a batch of silver
alone would weigh as much as a batch of gold and the weights would cancel.

Everything else (batching, accumulation, devices, checkpoints) is the Trainer's: only
``compute_loss`` is overridden, the hook transformers documents for a custom loss.
"""
from __future__ import annotations

from transformers import Trainer

WEIGHT_COLUMN = "loss_weight"


def weighted_token_loss(logits, labels, weights, num_items=None):
    """Sum over labelled tokens of ``weight(row) × cross-entropy``, divided by ``num_items``
    (the labelled tokens of the whole accumulated batch, as the Trainer counts them) or by
    this batch's labelled tokens; -100 labels are ignored."""
    import torch
    import torch.nn.functional as F

    ce = F.cross_entropy(logits.reshape(-1, logits.shape[-1]).float(), labels.reshape(-1), ignore_index=-100,
                         reduction="none").view(labels.shape)
    mask = (labels != -100).to(ce.dtype)
    w = weights.to(ce.dtype).view(-1, 1) * mask
    denom = mask.sum().clamp_min(1.0) if num_items is None else torch.as_tensor(num_items, dtype=ce.dtype,
                                                                                 device=ce.device)
    return (ce * w).sum() / denom


class WeightedLossTrainer(Trainer):
    """transformers' Trainer whose loss reads the rows' ``loss_weight`` when they have one.

    Normalised as the Trainer normalises a model's own loss: by ``num_items_in_batch`` when
    the model takes loss kwargs (the Trainer then does not divide by the accumulation steps),
    else per batch (and the Trainer divides)."""

    def compute_loss(self, model, inputs, return_outputs=False, num_items_in_batch=None):
        weights = inputs.pop(WEIGHT_COLUMN, None)
        if weights is None:
            return super().compute_loss(model, inputs, return_outputs=return_outputs,
                                        num_items_in_batch=num_items_in_batch)
        labels = inputs.pop("labels")
        outputs = model(**inputs)
        scaled = self.model_accepts_loss_kwargs and num_items_in_batch is not None
        loss = weighted_token_loss(outputs.logits, labels, weights, num_items_in_batch if scaled else None)
        if scaled and self.args.average_tokens_across_devices:
            loss = loss * self.accelerator.num_processes
        return (loss, outputs) if return_outputs else loss
