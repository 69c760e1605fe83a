"""The model card (README.md) of a trained model directory.

A model directory travels without its run, so the card must say on its own what the model
is: which backbone it really started from (a scratch fallback is stated first, not in a
footnote), what data it saw, how it scored on which dev file (and whether that dev file
overlaps the training text, which makes the score an optimistic upper bound), when and
from which commit it was trained.
"""
from __future__ import annotations

from typing import Any

from model.labels import LABELS

from .config import Config


def _table(report: dict, title: str) -> str:
    rows = list(LABELS) + ["micro avg", "macro avg"]
    lines = [f"**{title}**", "", "| type | precision | recall | f1 | support |", "|---|---|---|---|---|"]
    for row in rows:
        d = report.get(row, {})
        lines.append(f"| {row} | {d.get('precision', 0):.3f} | {d.get('recall', 0):.3f} | "
                     f"{d.get('f1-score', 0):.3f} | {int(d.get('support', 0))} |")
    return "\n".join(lines)


def model_card(cfg: Config, metrics: dict[str, Any]) -> str:
    bb = metrics.get("backbone", {})
    data = metrics.get("data", {})
    train = metrics.get("train", {})
    dev = metrics.get("dev")
    out = [
        "---",
        "language: vi",
        "library_name: transformers",
        "pipeline_tag: token-classification",
        "tags: [ner, vietnamese, phobert, anninh-ner]",
        "---",
        "",
        f"# anninh-ner model `{cfg.name}`",
        "",
        "Named-entity recognition for Vietnamese police and security news: "
        + ", ".join(f"**{lab}**" for lab in LABELS) + " (IOB2 tags over word-segmented input).",
        "",
    ]
    if cfg.description:
        out += [cfg.description, ""]
    out += ["## Backbone", ""]
    if bb.get("pretrained") and bb.get("pretrained_by") == "anninh-pretrain":
        enc = bb.get("encoder") or {}
        arch = enc.get("architecture") or {}
        corpus = enc.get("corpus") or {}
        how = ("could not be loaded, so this model was fine-tuned from the small encoder bundled with anninh-ner"
               if bb.get("fallback") == "bundled" else "was not used; this model was fine-tuned from")
        out += [
            f"> **Not PhoBERT.** The requested backbone `{bb.get('requested')}` {how} `{bb.get('used')}`: "
            f"{arch.get('num_hidden_layers')} layers x {arch.get('hidden_size')}, pretrained by `anninh pretrain` "
            f"(masked LM) on {enc.get('tokens_seen_total') or enc.get('tokens_seen', 0):,} tokens of {', '.join(corpus.get('spec', [])) or 'a news corpus'}. "
            "Expect lower accuracy than fine-tuned PhoBERT; retrain with a local PhoBERT folder "
            "(`backbone.name` or `$ANNINH_BACKBONE`) for real use.",
            "",
            f"- encoder reproduced by: `{enc.get('command', '')}`",
        ]
    elif bb.get("pretrained"):
        out.append(f"Fine-tuned from pretrained `{bb.get('used')}` (requested `{bb.get('requested')}`).")
    else:
        out += [
            f"> **Not PhoBERT-pretrained.** The requested backbone `{bb.get('requested')}` could not be loaded, "
            f"so this model is a randomly initialised `{bb.get('used')}` (PhoBERT's RoBERTa architecture at a small "
            "size) trained only on the data below. Expect much lower accuracy than fine-tuned PhoBERT; retrain "
            "with a local PhoBERT folder (`backbone.name` or `$ANNINH_BACKBONE`) for real use.",
        ]
    if bb.get("init_from"):
        start = bb["init_from"]
        out += ["", f"Started from the model this project trained at `{start.get('path')}` "
                f"(created {start.get('created') or '?'}, commit {start.get('git_commit') or '?'}; "
                "`backbone.init_from`), whose backbone is described here."]
    out += ["", f"- tokenizer: `{bb.get('tokenizer')}`", f"- pretrained: `{bool(bb.get('pretrained'))}`"
            + (f" (by `{bb['pretrained_by']}`, not PhoBERT)" if bb.get("pretrained_by") else ""),
            f"- word segmenter: `{cfg.data.segmenter}`; windows of {cfg.data.max_length} subwords, stride {cfg.data.stride}"
            + (f"; consecutive sentences of a paragraph read together up to {cfg.data.context_words} words "
               "(`context_words`)" if cfg.data.context_words else "; one sentence a unit"), ""]

    out += ["## Training data", ""]
    for src in data.get("train_sources", []):
        out.append(f"- {src}")
    tr = data.get("train") or {}
    if tr:
        units = (data.get("context_words") or {}).get("train_units")
        out.append(f"- {tr.get('sentences')} sentences" + (f" read as {units} units" if units else "")
                   + f", {tr.get('words')} words, entities {tr.get('entities')}; "
                   f"{tr.get('boilerplate_skipped', 0)} boilerplate paragraphs skipped")
    aug = data.get("augmentation") or {}
    if aug.get("enabled"):
        out.append(f"- mention-replacement augmentation: {aug.get('sentences_added')} extra sentences "
                   f"({aug.get('copies')} copies per sentence with entities)")
    partial = data.get("partial_labels") or {}
    if partial:
        out.append(f"- partial labels: {partial.get('unknown_words')} words the rules leave unlabelled but the corpus "
                   "writes as proper nouns were left out of the loss instead of taught as `O` (`data.partial_labels`)")
    enc = data.get("encoded") or {}
    if enc:
        out.append(f"- {enc.get('train_windows')} training windows, {enc.get('train_subwords')} subwords")
    rv = data.get("reviewed") or {}
    if rv:
        out.append(f"- reviewed gold: {rv.get('articles')} hand-labelled articles ({rv.get('sentences')} sentences), "
                   f"a silver word weighing {rv.get('silver_weight')} against 1.0 for a reviewed one, each reviewed "
                   f"unit repeated {rv.get('repeat')}x")
        out.append("")
        out += ["Training labels are **silver** (the project's rules, completed by the model) and **gold** "
                "(articles people reviewed): strong + weak training, with a last fine-tuning on the gold.", ""]
    else:
        out.append("")
        out += ["Training labels are **silver**: produced by the project's rules, not by people, so the model "
                "learns the rules' mistakes too.", ""]

    out += ["## Evaluation", ""]
    if dev:
        out.append(f"Dev file `{dev.get('file')}` ({dev.get('n_paragraphs')} paragraphs, hand-labelled gold), "
                   "scored by seqeval in strict IOB2 mode at entity level over syllable tokens "
                   "(the project's shared scorer, as `anninh evaluate`).")
        overlap = data.get("dev_documents_also_in_train") or []
        if overlap:
            out += ["", f"> **Caution:** {len(overlap)} dev document(s) are also in the training text "
                    "(with silver labels). These scores measure how well the model reproduces the gold "
                    "annotation of text it has seen, not generalisation to new articles."]
        out += ["", _table(dev.get("seqeval", {}), "dev, seqeval strict IOB2"), ""]
        if metrics.get("best_checkpoint"):
            out.append(f"Best checkpoint by dev F1: `{metrics['best_checkpoint']}`.")
    rounds = metrics.get("self_training") or []
    if rounds:
        out += ["", "## Self-training", "", "| round | labels | steps | dev F1 | model spans added | kept |",
                "|---|---|---|---|---|---|"]
        for r in rounds:
            f1 = r.get("dev_f1")
            out.append(f"| {r['round']} | {r['labels']} | {r.get('steps')} | {'' if f1 is None else f'{f1:.3f}'} | "
                       f"{(r.get('relabel') or {}).get('added', '')} | {'yes' if r.get('kept') else ''} |")
    else:
        out.append("No dev file was configured: no scores.")
    out += ["", "## Provenance", "",
            f"- created: {metrics.get('created', '')}",
            f"- git commit: `{metrics.get('git_commit') or 'unknown'}`",
            f"- steps: {train.get('global_step')}, epochs: {train.get('epochs')}, learning rate {train.get('learning_rate')}, "
            f"device {train.get('device')}, precision {train.get('precision')}, seed {cfg.training.seed}",
            "- resolved training config: `config.yaml`; full metrics: `metrics.json`; "
            "pre-processing for inference: `anninh.json`",
            ""]
    return "\n".join(out)
