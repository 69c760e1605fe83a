#!/usr/bin/env python3
"""Document-level consistency policies side by side: which labels a model's names
propagate to their other mentions in an article (model/consistency.py).

    python scripts/compare_consistency.py MODEL_DIR [--gold FILE ...]

Default gold: every gold set here (seeds, invented, and ../shared/gold/dev-police when it
exists). Prints seqeval (strict IOB2) micro F1 of the model with propagation off, for
PERSON, PERSON + LOCATION, and every label, per gold file, and the same for the hybrid
(model/hybrid.yaml). Choose on held-out gold, write it into model/consistency.yaml.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from model.annotator import Annotator  # noqa: E402
from model.consistency import ConsistencyPolicy  # noqa: E402
from train.evaluation.evaluate import evaluate_systems  # noqa: E402
from train.evaluation.gold_sets import gold_sets  # noqa: E402

POLICIES = {
    "off": frozenset(),
    "PERSON": frozenset({"PERSON"}),
    "PERSON+LOCATION": frozenset({"PERSON", "LOCATION"}),
    "all": frozenset({"PERSON", "LOCATION", "AGENCY"}),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--gold", nargs="*", help="gold JSONL files (default: every gold set here)")
    args = ap.parse_args()
    golds = {Path(g).name.split(".")[0]: Path(g) for g in args.gold} if args.gold else gold_sets()
    rows: dict[str, dict[str, float]] = {}
    for gname, path in golds.items():
        systems = {}
        for pname, labels in POLICIES.items():
            pol = ConsistencyPolicy(labels)
            systems[f"model, {pname}"] = Annotator(args.model, consistency=pol)
            systems[f"hybrid, {pname}"] = Annotator(args.model, hybrid=True, consistency=pol)
        for name, r in evaluate_systems(systems, path).items():
            rows.setdefault(name, {})[gname] = r.report.micro_f1
    print(f"\nmodel: {args.model}\n")
    print("| propagated labels | " + " | ".join(golds) + " |")
    print("|---|" + "---|" * len(golds))
    for name, scores in rows.items():
        print(f"| {name} | " + " | ".join(f"{scores[g]:.3f}" for g in golds) + " |")


if __name__ == "__main__":
    main()
