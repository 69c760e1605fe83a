"""anninh-ner training side: corpus labelling, datasets, trainer, evaluation, CLI.

Builds on :mod:`model`; :mod:`model` never imports from here.
"""
