"""Stage 2, training: labelled paragraphs in, a model directory (or an encoder) out.

Config (:mod:`.config`), the backbone to fine-tune (:mod:`.backbone`), training data as
word sentences and subword windows (:mod:`.dataset`, :mod:`.augment`), the fine-tuning run
on transformers' Trainer (:mod:`.trainer` and the modules it calls), self-training
(:mod:`.selftrain`), the model card (:mod:`.modelcard`), and masked-LM pretraining of the
encoder (:mod:`.pretrain`, :mod:`.pretrain_config`).
"""
