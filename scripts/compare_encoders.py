#!/usr/bin/env python3
"""Held-out masked-LM loss of several encoders on one and the same slice of a corpus.

    python scripts/compare_encoders.py ENCODER_DIR [ENCODER_DIR ...] --corpus SPEC \
        [--segmenter underthesea|presegmented] [--fraction 0.01] [--max-blocks 2000]

Why: each pretraining run reports the perplexity of its own held-out slice, and two runs
on different corpora or ``max_chars`` hold out different articles, so their numbers do
not compare. This script takes the held-out articles exactly as ``anninh pretrain`` picks
them (a hash of the article id, ``data.heldout_fraction``), packs them into blocks of 128
subwords with each encoder's own tokenizer, masks them with one fixed seed and prints
every encoder's MLM loss and perplexity in a table. Encoders with different tokenizers
are scored on different subwords: compare perplexities only between encoders that share
a vocabulary.
"""
from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def heldout_words(words_ds, fraction: float):
    """The held-out articles' paragraphs, picked as ``anninh pretrain`` picks them."""
    from train.training.pretrain import _heldout

    return words_ds.select([i for i, d in enumerate(words_ds["doc"]) if _heldout(d, fraction)])


def heldout_loss(encoder: str, held, max_blocks: int, batch_size: int = 64, seed: int = 1234) -> tuple[float, int]:
    import torch
    from transformers import AutoTokenizer, RobertaForMaskedLM

    from model.encoding import WordPiecer
    from train.training.pretrain import _pack_batch, make_collator

    tok = AutoTokenizer.from_pretrained(encoder)
    piecer = WordPiecer(tok)
    blocks = held.map(_pack_batch, batched=True, batch_size=1000, remove_columns=held.column_names,
                      fn_kwargs=dict(piecer=piecer, block_size=128, cls_id=piecer.cls_id, sep_id=piecer.sep_id),
                      load_from_cache_file=False)
    blocks = blocks.select(range(min(max_blocks, len(blocks))))
    model = RobertaForMaskedLM.from_pretrained(encoder, use_safetensors=True).eval()
    collate = make_collator(tok, 0.15, False, seed=seed)
    total, n = 0.0, 0
    with torch.no_grad():
        for a in range(0, len(blocks), batch_size):
            batch = collate([blocks[i] for i in range(a, min(a + batch_size, len(blocks)))])
            out = model(input_ids=batch["input_ids"], labels=batch["labels"])
            k = int((batch["labels"] != -100).sum())
            total += float(out.loss) * k
            n += k
    return total / max(n, 1), len(blocks)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("encoders", nargs="+")
    ap.add_argument("--corpus", nargs="+", required=True)
    ap.add_argument("--segmenter", default="underthesea")
    ap.add_argument("--fraction", type=float, default=0.01)
    ap.add_argument("--max-blocks", type=int, default=2000)
    ap.add_argument("--num-proc", type=int, default=1)
    args = ap.parse_args()

    from train.corpus.prepare import prepare_words

    held = heldout_words(prepare_words(args.corpus, args.segmenter, num_proc=args.num_proc).dataset, args.fraction)
    rows = []
    for enc in args.encoders:
        loss, blocks = heldout_loss(enc, held, args.max_blocks)
        rows.append((enc, blocks, loss, math.exp(min(loss, 50))))
    print(f"\nheld-out slice: {args.fraction:g} of the articles of {' '.join(args.corpus)}\n")
    print("| encoder | blocks | MLM loss | perplexity |")
    print("|---|---|---|---|")
    for enc, blocks, loss, ppl in rows:
        print(f"| {enc} | {blocks:,} | {loss:.3f} | {ppl:,.1f} |")


if __name__ == "__main__":
    main()
