"""Self-training (BOND, Liang et al. 2020): the model relabels its own training corpus.

Rules label with high precision and low recall: every name they miss is taught to the
model as ``O``. After a first model is trained on the silver labels, it predicts on the
training sentences; the next student learns from the rules' spans plus the model's
*confident* spans where the rules say nothing (no overlap with any rule span), and
continues from the current weights. Rule spans are never removed: they are the precise
part of the teacher. Each round's dev score is reported and the best round is kept
(:func:`run_self_training`).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

from model.encoding import WordPiecer, encode_words
from model.labels import TAGS, repair_tags, spans_to_tags, tags_to_spans
from model.wordprobs import decode_words, window_probabilities, word_probabilities

from .config import Config
from .dataset import SELF_TRAINING, WordSentence, encode_train
from .reviewed import repeat_gold, source_weights, split_silver
from .rundir import best_checkpoint_name

if TYPE_CHECKING:
    from .data import PreparedData

logger = logging.getLogger(__name__)


@dataclass
class RelabelStats:
    sentences: int = 0
    rule_spans: int = 0
    model_spans: int = 0  # confident model spans predicted
    added: int = 0  # of those, added where the rules abstain
    overlapping: int = 0  # confident, but overlapping a rule span: left to the rules
    vetoed: int = 0  # confident, but where the rules know there is no entity (`Công an 3 tỉnh`)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def predict_words(model: Any, piecer: WordPiecer, sentences: Sequence[WordSentence], max_length: int, stride: int,
                  batch_size: int = 64, progress: bool = False) -> list[tuple[list[str], list[float]]]:
    """Per sentence: each word's tag and its probability, read and decoded as inference
    reads them (:mod:`model.wordprobs`: first subword, most central window, IOB2 Viterbi)."""
    from tqdm.auto import tqdm

    was_training = model.training
    model.eval()
    pad = piecer.tokenizer.pad_token_id if piecer.tokenizer.pad_token_id is not None else piecer.sep_id
    out = []
    chunk = batch_size * 16  # sentences per step: bounded memory, batches still sorted by length
    steps = range(0, len(sentences), chunk)
    for c in tqdm(steps, desc="self-training: relabelling", unit="chunk", leave=False, disable=not progress):
        part = sentences[c : c + chunk]
        units = [encode_words(piecer, s.forms, max_length, stride) for s in part]
        flat = [w for wins in units for w in wins]
        probs = window_probabilities(model, flat, pad, batch_size)
        k = 0
        for s, wins in zip(part, units):
            word_probs = word_probabilities(wins, probs[k : k + len(wins)], len(s.forms), TAGS)
            k += len(wins)
            out.append(decode_words(word_probs, TAGS))
    if was_training:
        model.train()
    return out


def merge_labels(rule_tags: Sequence[str], model_tags: Sequence[str], probs: Sequence[float], threshold: float,
                 stats: RelabelStats | None = None, veto: Sequence[bool] = ()) -> list[str]:
    """Rule spans, plus model spans whose every word reaches ``threshold`` and that touch
    no rule span and no vetoed word (``veto``: words the rules know to be in no entity,
    such as the plural ``Công an 3 tỉnh``; the rules' silence there is a decision)."""
    rule_spans = tags_to_spans(rule_tags)
    taken = [bool(v) for v in veto] if len(veto) == len(rule_tags) else [False] * len(rule_tags)
    vetoed = list(taken)
    for i, j, _ in rule_spans:
        for k in range(i, j):
            taken[k] = True
    keep = list(rule_spans)
    for i, j, lab in tags_to_spans(repair_tags(model_tags)):
        if min(probs[i:j]) < threshold:
            continue
        if stats is not None:
            stats.model_spans += 1
        if any(vetoed[i:j]):
            if stats is not None:
                stats.vetoed += 1
            continue
        if any(taken[i:j]):
            if stats is not None and (i, j, lab) not in rule_spans:
                stats.overlapping += 1
            continue
        keep.append((i, j, lab))
        if stats is not None:
            stats.added += 1
    if stats is not None:
        stats.sentences += 1
        stats.rule_spans += len(rule_spans)
    return spans_to_tags([(k, k + 1) for k in range(len(rule_tags))], keep)


def relabel(model: Any, piecer: WordPiecer, sentences: Sequence[WordSentence], max_length: int, stride: int,
            threshold: float, batch_size: int = 64, progress: bool = False) -> tuple[list[WordSentence], RelabelStats]:
    """New training sentences: the rules' tags (``sentences``) merged with confident model spans."""
    stats = RelabelStats()
    predicted = predict_words(model, piecer, sentences, max_length, stride, batch_size, progress)
    out = [replace(s, tags=merge_labels(s.tags, tags, probs, threshold, stats, s.veto), source=SELF_TRAINING)
           for s, (tags, probs) in zip(sentences, predicted)]
    return out, stats


def _in_round(r: int, name: str | None) -> str | None:
    """A round's checkpoint, under that round's folder (``self-training-<r>/checkpoint-N``)."""
    return f"self-training-{r}/{name}" if name else None


def run_self_training(cfg: Config, trainer, make_trainer, args, data: PreparedData, piecer, run_dir: Path,
                      has_dev: bool):
    """BOND-style rounds after the first training; returns the trainer holding the best
    round's weights (by dev F1; the last round without dev), or with ``average`` the mean
    of every round's best weights, and a report per round.

    ``make_trainer(model, args, rows)`` builds a Trainer like the first one's; each round
    continues from the current weights on the relabelled sentences, with its checkpoints
    in ``checkpoints/self-training-<round>``."""
    import copy
    import dataclasses

    st, d, t = cfg.training.self_training, cfg.data, cfg.training

    def dev_f1() -> float | None:
        return float(trainer.evaluate().get("eval_f1", 0.0)) if has_dev else None

    best_f1 = dev_f1()
    best_state = copy.deepcopy(trainer.model.state_dict())
    best_round: int | str = 0
    states = [best_state] if st.average else []
    report: list[dict] = [{"round": 0, "labels": "rules", "dev_f1": best_f1, "steps": trainer.state.global_step,
                           "best_checkpoint": best_checkpoint_name(trainer)}]
    logger.info(f"self-training round 0 (rules' labels): dev F1 {best_f1 if best_f1 is not None else 'n/a'}")
    for r in range(1, st.rounds + 1):
        # Only the rules' silver is completed; a labelled file or reviewed gold stays as people wrote it.
        silver, kept = split_silver(data.train)
        relabelled, stats = relabel(trainer.model, piecer, silver, d.max_length, d.stride, st.threshold,
                                    t.eval_batch_size, t.progress)
        rows = encode_train(relabelled + repeat_gold(kept, d.reviewed.repeat) + data.augmented, piecer.tokenizer,
                            d.max_length, d.stride, d.label_all_tokens, piecer, source_weights(d.reviewed))
        r_args = dataclasses.replace(args, output_dir=str(run_dir / "checkpoints" / f"self-training-{r}"),
                                     num_train_epochs=st.epochs, max_steps=st.max_steps)
        trainer = make_trainer(trainer.model, r_args, rows)
        trainer.train()
        f1 = dev_f1()
        report.append({"round": r, "labels": f"rules + model spans >= {st.threshold}", "dev_f1": f1,
                       "steps": trainer.state.global_step, "relabel": stats.as_dict(),
                       "best_checkpoint": _in_round(r, best_checkpoint_name(trainer))})
        logger.info(f"self-training round {r}: +{stats.added} model spans where the rules abstain "
                    f"({stats.overlapping} confident spans left to the rules, {stats.vetoed} where they see no entity); "
                    f"dev F1 {f1 if f1 is not None else 'n/a'}")
        if st.average:
            states.append(copy.deepcopy(trainer.model.state_dict()))
        if f1 is None or best_f1 is None or f1 > best_f1:
            best_f1, best_round = f1, r
            best_state = copy.deepcopy(trainer.model.state_dict())
    if len(states) > 1:
        trainer.model.load_state_dict(average_states(states))
        f1 = dev_f1()
        report.append({"round": "average", "labels": f"mean weights of rounds 0-{len(states) - 1}", "dev_f1": f1,
                       "steps": 0, "best_checkpoint": "mean of " + ", ".join(str(r_["best_checkpoint"]) for r_ in report)})
        logger.info(f"self-training: the mean of the rounds' weights: dev F1 {f1 if f1 is not None else 'n/a'}")
        best_f1, best_round = f1, "average"  # a small dev set picks rounds noisily; the mean is steadier
        best_state = trainer.model.state_dict()
    trainer.model.load_state_dict(best_state)
    for rec in report:
        rec["kept"] = rec["round"] == best_round
    logger.info(f"self-training: keeping round {best_round}" + (f" (dev F1 {best_f1:.3f})" if best_f1 is not None else ""))
    return trainer, report


def average_states(states: list[dict]) -> dict:
    """The element-wise mean of state dicts of one architecture; tensors that are not
    floating point (position ids) are taken from the last."""
    import torch

    out = {}
    for k, v in states[-1].items():
        if torch.is_floating_point(v):
            out[k] = torch.stack([s_[k].float() for s_ in states]).mean(0).to(v.dtype)
        else:
            out[k] = v
    return out
