"""The trained token classifier at inference: any text in, character-exact entities out.

Text of any length goes through the same steps as training data (paragraphs, syllable
tokens, sentences, word segmentation per sentence, :mod:`model.encoding` windows), so the
model sees at inference exactly what it saw when it learned. Long sentences become
overlapping windows and each word keeps the prediction of the window where it sits
farthest from an edge; the most probable well-formed IOB2 tags are decoded
(:mod:`model.decoding`) and mapped back through the words' offsets into the caller's string.

Memory stays flat on long inputs: sentences are prepared lazily, only as many as fill
``FLUSH_BATCHES`` batches, and paragraphs longer than
:data:`model.text.paragraphs.MAX_PIECE_CHARS` are cut at a sentence end first, so the
offset maps of a 1 MB line are never held all at once.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Sequence

from .consistency import ConsistencyPolicy, propagate_mentions
from .document import make_paragraph
from .encoding import Window, WordPiecer, encode_words, encoder_positions
from .entity import Entity
from .labels import TAGS, tags_to_spans
from .modeldir import ModelDirError, ModelMeta, read_meta
from .packing import pack_groups
from .text.paragraphs import iter_pieces, iter_windows
from .text.wordseg import Word, get_segmenter, segment_words
from .wordprobs import decode_words, window_probabilities, word_probabilities

# Windows of this many batches are collected before running the model, so that sorting
# them by length gives batches with little padding; memory stays bounded by it.
FLUSH_BATCHES = 4


@dataclass
class Unit:
    """One sentence of one input text (or consecutive sentences of one paragraph, for a
    model trained with ``context_words``: :mod:`model.packing`), ready for the encoder.

    The model is trained on such units (train/training/dataset.py), so it reads them here too;
    a unit longer than ``max_length`` subwords becomes several windows. ``offset``
    places the sentence's paragraph piece in its text; word offsets are relative to it.
    """

    text_index: int
    offset: int
    words: list[Word]
    windows: list[Window]


# transformers 5 builds an *empty* tokenizer when its files are missing, without an error,
# so their presence is checked here; any one vocabulary format will do.
TOKENIZER_VOCAB_FILES = ("tokenizer.json", "vocab.txt", "vocab.json", "sentencepiece.bpe.model", "spiece.model")


def check_tokenizer_files(directory: Path) -> None:
    if not (directory / "tokenizer_config.json").is_file():
        raise ModelDirError(
            f"{directory / 'tokenizer_config.json'} is missing: save the tokenizer into the model directory "
            "(tokenizer.save_pretrained(dir))"
        )
    if not any((directory / f).is_file() for f in TOKENIZER_VOCAB_FILES):
        raise ModelDirError(
            f"{directory}: no tokenizer vocabulary ({', '.join(TOKENIZER_VOCAB_FILES)}); "
            "save the tokenizer into the model directory"
        )
    if (directory / "vocab.txt").is_file() and not (directory / "tokenizer.json").is_file():
        cfg = (directory / "tokenizer_config.json").read_text(encoding="utf-8", errors="replace")
        if "Phobert" in cfg and not (directory / "bpe.codes").is_file():
            raise ModelDirError(f"{directory / 'bpe.codes'} is missing (PhoBERT's tokenizer needs vocab.txt and bpe.codes)")


class TokenClassifier:
    """A trained anninh model directory, loaded once, predicting entities for many texts."""

    def __init__(
        self,
        directory: str | Path,
        *,
        device: str | None = None,
        batch_size: int = 16,
        quantize: bool = False,
        threads: int | None = None,
        consistency: ConsistencyPolicy | None = None,
    ) -> None:
        """``threads`` sets torch's CPU thread count for the whole process (torch has no
        per-model setting); 1 is often fastest for small models or on a busy machine.
        ``consistency``: document-level propagation of names (:mod:`model.consistency`) in
        :meth:`predict_spans`; ``None`` leaves the sentence-level predictions as they are."""
        import torch
        from transformers import AutoConfig, AutoModelForTokenClassification, AutoTokenizer

        if threads is not None:
            if threads < 1:
                raise ValueError(f"threads must be at least 1, got {threads}")
            torch.set_num_threads(threads)

        self.consistency = consistency
        self.directory = Path(directory)
        self.meta: ModelMeta = read_meta(self.directory)  # validates files and labels
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        self.batch_size = batch_size
        d = str(self.directory)
        try:  # first, on its own: the tokenizer loads config.json too and was blamed for its errors
            config = AutoConfig.from_pretrained(d, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # transformers raises many types for a bad config
            raise ModelDirError(f"{self.directory / 'config.json'} could not be loaded: {exc}") from exc
        check_tokenizer_files(self.directory)
        try:
            tokenizer = AutoTokenizer.from_pretrained(d, local_files_only=True, trust_remote_code=False)
        except Exception as exc:  # transformers raises many types for a broken tokenizer
            raise ModelDirError(
                f"{self.directory}: the tokenizer files (tokenizer_config.json with vocab.txt/bpe.codes "
                f"or tokenizer.json) could not be loaded: {exc}"
            ) from exc
        try:
            model = AutoModelForTokenClassification.from_pretrained(
                d, config=config, use_safetensors=True, trust_remote_code=False, local_files_only=True
            )
        except Exception as exc:
            raise ModelDirError(
                f"{self.directory / 'model.safetensors'} could not be loaded with {self.directory / 'config.json'}: {exc}"
            ) from exc
        vocab = getattr(model.config, "vocab_size", None)
        if len(tokenizer) < 8 or (vocab is not None and len(tokenizer) > vocab):
            raise ModelDirError(
                f"{self.directory}: the tokenizer has {len(tokenizer)} entries but the model's embeddings "
                f"{vocab} (config.json vocab_size): tokenizer files and model.safetensors do not belong together"
            )
        labels = [model.config.id2label[i] for i in range(model.config.num_labels)]
        if labels != list(TAGS):
            raise ModelDirError(f"{self.directory / 'config.json'}: id2label {labels} does not match {list(TAGS)}")
        self.labels = labels
        self.device = torch.device(device or ("cuda" if torch.cuda.is_available() else "cpu"))
        model.eval()
        if quantize:
            if self.device.type != "cpu":
                raise ValueError("quantize=True is dynamic int8 quantisation for CPU; pass device='cpu'")
            import warnings

            with warnings.catch_warnings():
                # torch 2.13 announces the move of eager quantisation to torchao; it still works.
                warnings.filterwarnings("ignore", message=r".*quantiz.*deprecated")
                model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        self.model = model.to(self.device)
        self.piecer = WordPiecer(tokenizer)
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else self.piecer.sep_id
        self.segmenter = get_segmenter(self.meta.segmenter)
        limit = encoder_positions(model.config)
        if limit is not None and self.meta.max_length > limit:
            raise ModelDirError(
                f"{self.directory / 'anninh.json'}: max_length {self.meta.max_length} exceeds the encoder's "
                f"{limit} positions (config.json max_position_embeddings {model.config.max_position_embeddings})"
            )

    # ----------------------------------------------------------------- preparation
    def units(self, texts: Iterable[str]) -> Iterator[Unit]:
        """Lazily turn texts into encoder units (one per paragraph piece)."""
        for ti, text in enumerate(texts):
            for index, offset, piece in iter_pieces(text):
                p = make_paragraph(index, offset, piece)
                sentences = [ws for ws in (segment_words(p.tokens[i:j], self.segmenter) for i, j in p.sentences) if ws]
                for a, b in pack_groups([len(ws) for ws in sentences], self.meta.context_words):
                    words = [w for ws in sentences[a:b] for w in ws]
                    windows = encode_words(
                        self.piecer, [w.form for w in words], self.meta.max_length, self.meta.stride
                    )
                    yield Unit(ti, offset, words, windows)

    # ------------------------------------------------------------------ prediction
    def _forward(self, windows: Sequence[Window]) -> list[list[list[float]]]:
        """Per window: the softmax probabilities of every label at every position."""
        return window_probabilities(self.model, windows, self.pad_id, self.batch_size, self.device)

    def _decode(self, unit: Unit, preds: Sequence[list[list[float]]]) -> list[tuple[int, int, str, float]]:
        """Word probabilities -> the best well-formed tags -> character spans (relative to the text).

        :mod:`model.wordprobs` reads each word where inference always reads it and decodes
        the sentence with :func:`model.decoding.bio_viterbi`; the span score is the mean of
        its words' probabilities of their tags."""
        n = len(unit.words)
        if n == 0:
            return []
        tags, conf = decode_words(word_probabilities(unit.windows, preds, n, self.labels), self.labels)
        out = []
        for i, j, lab in tags_to_spans(tags):
            s = unit.offset + unit.words[i].start
            e = unit.offset + unit.words[j - 1].end
            out.append((s, e, lab, float(sum(conf[i:j]) / (j - i))))
        return out

    def _flush(self, pending: list[Unit]) -> Iterator[tuple[Unit, list[tuple[int, int, str, float]]]]:
        windows = [w for u in pending for w in u.windows]
        probs = self._forward(windows) if windows else []
        k = 0
        for u in pending:
            yield u, self._decode(u, probs[k : k + len(u.windows)])
            k += len(u.windows)

    def predict_units(self, units: Iterable[Unit]) -> Iterator[tuple[Unit, list[tuple[int, int, str, float]]]]:
        """Batch windows across consecutive units; yield each unit with its spans, in order."""
        pending: list[Unit] = []
        n_windows = 0
        for u in units:
            pending.append(u)
            n_windows += len(u.windows)
            if n_windows >= FLUSH_BATCHES * self.batch_size:
                yield from self._flush(pending)
                pending, n_windows = [], 0
        if pending:
            yield from self._flush(pending)

    def predict_spans(self, texts: Sequence[str], progress: bool = False) -> list[list[tuple[int, int, str, float]]]:
        """``(start, end, label, score)`` per text, offsets into that text."""
        out: list[list[tuple[int, int, str, float]]] = [[] for _ in texts]
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=sum(len(t) for t in texts), unit="char", unit_scale=True, desc="annotate")
        base = [0]
        for t in texts:
            base.append(base[-1] + len(t))
        done = 0
        policy = self.consistency if self.consistency is not None and self.consistency.labels else None
        starts = [bytearray(len(t)) for t in texts] if policy else None
        ends = [bytearray(len(t)) for t in texts] if policy else None
        for unit, spans in self.predict_units(self.units(texts)):
            out[unit.text_index].extend(spans)
            if policy:
                for w in unit.words:
                    starts[unit.text_index][unit.offset + w.start] = 1
                    ends[unit.text_index][unit.offset + w.end - 1] = 1
            if bar is not None:
                pos = base[unit.text_index] + unit.offset
                bar.update(max(0, pos - done))
                done = max(done, pos)
        if bar is not None:
            bar.update(bar.total - done)
            bar.close()
        if policy:
            out = [propagate_mentions(t, sp, starts[i], ends[i], iter_windows(t, policy.window_chars), policy)
                   for i, (t, sp) in enumerate(zip(texts, out))]
        return out

    def iter_entities(self, text: str) -> Iterator[Entity]:
        """Entities of one text in order, produced as its sentences are read: for inputs so
        large that even the list of results should not be held at once. Sentence-level
        predictions only: document-level consistency (``consistency``) needs the whole
        text and applies in :meth:`predict_spans`."""
        for _unit, spans in self.predict_units(self.units([text])):
            for s, e, lab, sc in spans:
                yield Entity(s, e, lab, text[s:e], sc)

    def predict(self, text: str) -> list[Entity]:
        """Entities of one text (offsets into ``text``)."""
        return [Entity(s, e, lab, text[s:e], sc) for s, e, lab, sc in self.predict_spans([text])[0]]
