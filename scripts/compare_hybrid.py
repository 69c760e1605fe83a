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
(``model_first``). Choose the policy on dev gold, write it into model/hybrid.yaml.
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.annotator import Annotator  # noqa: E402
from model.hybrid import HybridPolicy, load_policy  # noqa: E402
from model.labels import LABELS  # noqa: E402
from train.evaluation.evaluate import evaluate_systems  # noqa: E402


def main() -> None:
    shared = ROOT.parent / "shared" / "gold" / "dev-police.gold.jsonl"
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--gold", default=str(shared if shared.is_file() else ROOT / "data" / "gold" / "seeds.gold.jsonl"),
                    help="gold JSONL file")
    args = ap.parse_args()
    from model.rules import RuleEngine

    weights = {d["name"]: d["weight"] for d in RuleEngine().describe()}
    fill = frozenset({"AGENCY", "PERSON", "LOCATION"})
    policies = {
        "hybrid: model/hybrid.yaml (the default)": load_policy(),
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
    default = load_policy()
    for first in ({"AGENCY"}, {"PERSON"}, {"LOCATION"}, {"AGENCY", "PERSON"}, {"AGENCY", "LOCATION"}):
        policies[f"hybrid: model/hybrid.yaml with model_first {sorted(first)}"] = dataclasses.replace(
            default, order="rules-first", model_first=frozenset(first))
    systems: dict = {"rules": "rules", "model": args.model}
    for name, pol in policies.items():
        systems[name] = Annotator(args.model, hybrid=True, policy=pol)
    results = evaluate_systems(systems, args.gold)
    print(f"\ngold: {args.gold}\n")
    print("| system | micro F1 | " + " | ".join(LABELS) + " |")
    print("|---|---|" + "---|" * len(LABELS))
    for name, r in results.items():
        print(f"| {name} | {r.report.micro_f1:.3f} | " + " | ".join(f"{r.report.f1(lab):.3f}" for lab in LABELS) + " |")


if __name__ == "__main__":
    main()
