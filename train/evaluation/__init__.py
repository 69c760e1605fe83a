"""Stage 3, evaluation: predicted spans against gold.

One scorer, seqeval strict IOB2 plus exact character spans (:mod:`.scoring`), serves
``anninh evaluate`` (:mod:`.evaluate`), the labeling-function report of ``anninh label``
(:mod:`.rule_report`) and the trainer's dev score; :mod:`.gold_sets` says where the gold
files are.
"""
