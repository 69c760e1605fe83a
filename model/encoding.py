"""Words -> subword windows for a PhoBERT-style encoder, shared by training and inference.

PhoBERT ships only a slow tokenizer (no ``word_ids()``, no offsets), so we tokenise word
by word and remember which subwords belong to which word, as HF's ``run_ner.py`` does
with ``word_ids``. Sequences longer than the encoder's limit are cut into overlapping
windows (``stride`` subwords of context shared between neighbours), never truncated;
inference keeps, for each word, the prediction from the window where it sits farthest
from an edge (:func:`best_window_for_words`).

Training and inference must encode identically, which is why both import this module.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Sequence

IGNORE_INDEX = -100
# Model types whose position ids start after the padding id (HF's create_position_ids_from_input_ids).
_OFFSET_POSITIONS = ("roberta", "xlm-roberta", "camembert")


def encoder_positions(config: Any) -> int | None:
    """How many subwords (specials included) one window of this encoder can hold, or None
    when the config does not say. RoBERTa-family models (PhoBERT) number positions from
    ``pad_token_id + 1``, so 258 position embeddings take 256 subwords. Training (the
    backbone check) and inference (the model-directory check) both ask this function."""
    limit = getattr(config, "max_position_embeddings", None)
    if limit is None:
        return None
    if getattr(config, "model_type", "") in _OFFSET_POSITIONS:
        limit -= (getattr(config, "pad_token_id", None) or 0) + 1
    return limit


@dataclass
class Window:
    """One encoder input. ``word_index[k]`` is the word of subword ``k`` (None for specials);
    ``first[k]`` marks the first subword of a word. ``words`` is the word range covered."""

    input_ids: list[int]
    word_index: list[int | None]
    first: list[bool]
    words: tuple[int, int]


class WordPiecer:
    """Caches ``tokenizer.tokenize(word)`` per word form: news repeats words constantly."""

    def __init__(self, tokenizer: Any, max_subwords_per_word: int = 16) -> None:
        self.tokenizer = tokenizer
        self.max_sub = max_subwords_per_word
        self._cache: dict[str, list[int]] = {}
        self.unk_id = tokenizer.unk_token_id
        self.cls_id = tokenizer.cls_token_id if tokenizer.cls_token_id is not None else tokenizer.bos_token_id
        self.sep_id = tokenizer.sep_token_id if tokenizer.sep_token_id is not None else tokenizer.eos_token_id
        if self.cls_id is None or self.sep_id is None or self.unk_id is None:
            raise ValueError("tokenizer needs bos/cls, eos/sep and unk tokens (PhoBERT has <s>, </s>, <unk>)")

    def ids(self, word: str) -> list[int]:
        got = self._cache.get(word)
        if got is None:
            pieces = self.tokenizer.tokenize(word)
            got = self.tokenizer.convert_tokens_to_ids(pieces) if pieces else []
            got = [self.unk_id if i is None else i for i in got][: self.max_sub] or [self.unk_id]
            if len(self._cache) < 500_000:
                self._cache[word] = got
        return got


def encode_words(
    piecer: WordPiecer, words: Sequence[str], max_length: int = 256, stride: int = 32
) -> list[Window]:
    """Encode ``words`` into windows of at most ``max_length`` ids (specials included)."""
    if max_length < 8:
        raise ValueError(f"max_length must be at least 8 subwords, got {max_length}")
    budget = max_length - 2
    if not 0 <= stride < budget // 2:
        raise ValueError(f"stride must be in [0, {budget // 2}) for max_length {max_length}, got {stride}")
    pieces = [piecer.ids(w)[:budget] for w in words]
    windows: list[Window] = []
    n = len(words)
    a = 0
    while a < n or (n == 0 and not windows):
        b, used = a, 0
        while b < n and used + len(pieces[b]) <= budget:
            used += len(pieces[b])
            b += 1
        ids, widx, first = [piecer.cls_id], [None], [False]
        for w in range(a, b):
            for k, pid in enumerate(pieces[w]):
                ids.append(pid)
                widx.append(w)
                first.append(k == 0)
        ids.append(piecer.sep_id)
        widx.append(None)
        first.append(False)
        windows.append(Window(ids, widx, first, (a, b)))
        if b >= n:
            break
        # Next window starts so that about `stride` subwords of context overlap.
        back, c = 0, b
        while c > a + 1 and back + len(pieces[c - 1]) <= stride:
            back += len(pieces[c - 1])
            c -= 1
        a = c
    return windows


def window_labels(
    window: Window,
    word_labels: Sequence[int],
    label_all_tokens: bool = False,
    continuation: Mapping[int, int] | None = None,
) -> list[int]:
    """Label ids per subword: the word's label on its first subword, IGNORE elsewhere.

    With ``label_all_tokens`` every subword is labelled; ``continuation`` maps a ``B-X`` id
    to its ``I-X`` id for the later subwords (as ``run_ner.py``'s ``b_to_i_label``).
    """
    out = []
    for w, is_first in zip(window.word_index, window.first):
        if w is None:
            out.append(IGNORE_INDEX)
        elif is_first:
            out.append(word_labels[w])
        elif label_all_tokens:
            lab = word_labels[w]
            out.append(continuation.get(lab, lab) if continuation else lab)
        else:
            out.append(IGNORE_INDEX)
    return out


def best_window_for_words(windows: Sequence[Window], n_words: int) -> list[int]:
    """For each word, the index of the window where it is farthest from a window edge."""
    best = [-1] * n_words
    score = [-1] * n_words
    for wi, win in enumerate(windows):
        a, b = win.words
        for w in range(a, b):
            margin = min(w - a, b - 1 - w)
            if margin > score[w]:
                score[w], best[w] = margin, wi
    return best
