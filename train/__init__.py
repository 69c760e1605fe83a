"""anninh-ner training side, one subpackage a stage:

* :mod:`train.corpus`: corpus sources, silver labels from the rules, cached preparation,
  the gold and CoNLL formats;
* :mod:`train.training`: backbone, datasets, fine-tuning with transformers' Trainer,
  self-training, the model directory and card, masked-LM pretraining of the encoder;
* :mod:`train.evaluation`: the shared scorer, ``anninh evaluate``, the rule report;
* :mod:`train.review`: the human review loop (Label Studio, doccano);
* :mod:`train.cli`: the ``anninh`` and ``train`` commands.

``train/encoders/`` holds the shipped offline encoder. Builds on :mod:`model`;
:mod:`model` never imports from here.
"""
