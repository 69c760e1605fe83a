#!/usr/bin/env python3
"""Hybrid policies side by side on a gold file: which rule functions to trust.

    python scripts/compare_hybrid.py MODEL_DIR [--gold FILE]

Default gold: ../shared/gold/dev-police.gold.jsonl when it exists, else the seeds gold.
Prints seqeval (strict IOB2) micro F1 and per-type F1 for the rules, the model, and the
model with each policy: every function trusted (model/hybrid.yaml's default), only the
functions whose weight in model/rules/rules.yaml is at least 0.85 / 0.9, every function
with only confident model spans added (model_min_score), that with PERSON and LOCATION
spans added only where they start as names (model_capitalised), ranks only (the old
hybrid), the model first (its spans scoring at least a threshold win, the rules fill
in around them), and the default policy with the model first for some labels only
(``model_first``), that with other thresholds for the model's AGENCY spans, and that
with the other labels' model spans first where they score at least a threshold
(``model_first_above``). Choose the policy on dev gold, write it into model/hybrid.yaml.
For a model trained on reviewed gold, score models that did not learn the set
(cross-validation folds, docs/log.md "The hybrid policy over time").

    python scripts/compare_hybrid.py MODEL_DIR --gold news-j --gold news-k   # several, pooled too

The model and the rules read each gold article once; every policy then only combines
their cached outputs (:func:`model.hybrid.combine`), so forty policies cost one model pass.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.annotator import Annotator, validated  # noqa: E402
from model.hybrid import HybridPolicy, load_policy  # noqa: E402
from model.labels import LABELS  # noqa: E402
from train.corpus.gold import load_gold  # noqa: E402
from train.evaluation.evaluate import evaluate_systems  # noqa: E402


def main() -> None:
    shared = ROOT.parent / "shared" / "gold" / "dev-police.gold.jsonl"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--gold", action="append",
                    help="gold JSONL file or set name (news-j, dev-police ...); repeat to score several and "
                         "pooled (default: dev-police if present, else the seeds)")
    args = ap.parse_args()
    golds = args.gold or [str(shared if shared.is_file() else ROOT / "data" / "gold" / "seeds.gold.jsonl")]
    from model.rules import RuleEngine

    weights = {d["name"]: d["weight"] for d in RuleEngine().describe()}
    fill = frozenset({"AGENCY", "PERSON", "LOCATION"})
    default = load_policy()
    default_name = "hybrid: model/hybrid.yaml (the default)"
    policies = {
        default_name: default,
        "hybrid: trust all": HybridPolicy(trusted=None, model_labels=fill),
        "hybrid: trust all, model score>=0.9": HybridPolicy(trusted=None, model_labels=fill, model_min_score=0.9),
        "hybrid: trust all, model score>=0.95": HybridPolicy(trusted=None, model_labels=fill, model_min_score=0.95),
        "hybrid: trust all, model score>=0.98": HybridPolicy(trusted=None, model_labels=fill, model_min_score=0.98),
        "hybrid: trust weight>=0.85": HybridPolicy(trusted=frozenset(n for n, w in weights.items() if w >= 0.85), model_labels=fill),
        "hybrid: trust weight>=0.9": HybridPolicy(trusted=frozenset(n for n, w in weights.items() if w >= 0.9), model_labels=fill),
        "hybrid: ranks only": HybridPolicy(trusted=frozenset({"rank_lexicon"}), model_labels=fill),
    }
    named = frozenset({"PERSON", "LOCATION"})
    for th in (0.0, 0.5, 0.8, 0.9, 0.95):
        policies[f"hybrid: rules first, model score>={th}, PERSON/LOCATION capitalised"] = HybridPolicy(
            trusted=None, model_labels=fill, model_min_score=th, model_capitalised=named)
    for th in (0.0, 0.5, 0.8, 0.9, 0.95):
        policies[f"hybrid: model first, model score>={th}, PERSON/LOCATION capitalised"] = HybridPolicy(
            trusted=None, model_labels=fill, model_min_score=th, model_capitalised=named, order="model-first")
    for first in ({"AGENCY"}, {"PERSON"}, {"LOCATION"}, {"AGENCY", "PERSON"}, {"AGENCY", "LOCATION"}):
        policies[f"hybrid: model/hybrid.yaml with model_first {sorted(first)}"] = dataclasses.replace(
            default, order="rules-first", model_first=frozenset(first))
    for th in (0.5, 0.6, 0.7, 0.8, 0.9):
        policies[f"hybrid: model/hybrid.yaml with AGENCY at score>={th}"] = dataclasses.replace(
            default, model_min_score_by_label=tuple(sorted({**dict(default.model_min_score_by_label), "AGENCY": th}.items())))
    rest = sorted(fill - default.first_labels())
    for th in (0.7, 0.8, 0.9, 0.95, 0.98):
        policies[f"hybrid: model/hybrid.yaml, {'/'.join(rest)} first at score>={th}"] = dataclasses.replace(
            default, model_first_above=tuple((lab, th) for lab in rest))
    policies["hybrid: model/hybrid.yaml, no label first by score"] = dataclasses.replace(default, model_first_above=())
    # a sweep row that is the default policy again would only repeat its numbers
    policies = {name: pol for name, pol in policies.items() if name == default_name or pol != default}
    gold = []
    for g in golds:
        gold.extend(load_gold(_gold_path(g)))
    model = CachedOutputs(args.model)
    systems: dict = {"rules": "rules", "model": model.plain()}
    for name, pol in policies.items():
        systems[name] = model.hybrid(pol)
    results = evaluate_systems(systems, gold)
    print(f"\ngold: {', '.join(golds)} ({len(gold)} paragraphs, pooled)\n")
    print("| system | micro F1 | " + " | ".join(LABELS) + " |")
    print("|---|---|" + "---|" * len(LABELS))
    for name, r in results.items():
        print(f"| {name} | {r.report.micro_f1:.3f} | " + " | ".join(f"{r.report.f1(lab):.3f}" for lab in LABELS) + " |")


def _gold_path(g: str) -> Path:
    """A gold file, or a set name that :func:`train.evaluation.gold_sets.gold_sets` knows."""
    from train.evaluation.gold_sets import gold_sets

    if Path(g).is_file():
        return Path(g)
    sets = gold_sets()
    if g not in sets:
        sys.exit(f"error: --gold {g}: no such file, nor a gold set here ({', '.join(sorted(sets))})")
    return sets[g]


class CachedOutputs:
    """The model's entities and the rule engine's labels of each text, computed once; a
    policy then only recombines them, as :class:`model.annotator.Annotator` would."""

    def __init__(self, model_dir: str):
        self._ann = Annotator(model_dir, hybrid=True)  # the model, its rule engine and window reading
        self._ents: dict[str, list] = {}
        self._labels: dict[str, tuple] = {}

    def _model_ents(self, texts: list[str]) -> list[list]:
        todo = [t for t in dict.fromkeys(texts) if t not in self._ents]
        if todo:
            for t, ents in zip(todo, self._ann.model_entities(todo)):
                self._ents[t] = validated(t, ents)
        return [self._ents[t] for t in texts]

    def plain(self):
        return lambda text: self._model_ents([text])[0]

    def hybrid(self, policy: HybridPolicy):
        from model.hybrid import combine

        def run(text: str) -> list:
            if text not in self._labels:
                self._labels[text] = self._ann.rule_decisions(text)
            rule_ents, generic = self._labels[text]
            trusted = [e for e, voters in rule_ents if e.label == "RANK" or policy.trusts(voters)]
            return sorted(combine(text, self._model_ents([text])[0], trusted, policy, vetoes=generic),
                          key=lambda e: e.start)
        return run


if __name__ == "__main__":
    main()
