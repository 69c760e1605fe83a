"""Corpus -> word-segmented (and silver-labelled) sentences, as a cached ``datasets.Dataset``.

Word segmentation (underthesea, ~40k characters/s a core) is the slow part of every run on
a real corpus: 9 MB of police news take minutes, 94 MB of general news most of an hour.
The result depends only on the corpus files, the segmenter, the text handling code of
``model/text``, the rules (for silver labels) and this module's own version, so it is
computed once with ``datasets.map`` (``num_proc`` workers, a progress bar) and saved as
Arrow under a key made of exactly those; a second run on the same corpus loads it in
seconds, and any change to a file, the segmenter, the text handling or a rule gives a
new key. Two products:

* :func:`prepare_words`: per paragraph, its words (pretraining reads only these);
* :func:`prepare_silver`: per sentence, words, IOB2 tags from the rules, character
  offsets in the paragraph (training).

Cache location: ``cache_dir`` argument, else ``$ANNINH_CACHE``, else ``~/.cache/anninh``.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .sources import SourceProblems, corpus_files, fingerprint, iter_docs

logger = logging.getLogger(__name__)

# Bump a task's version when the output of its map function changes.
PREPARE_VERSION = {"words": "1", "silver": "3"}
ENV_CACHE = "ANNINH_CACHE"
_MODEL_DIR = Path(__file__).resolve().parents[2] / "model"
_RULES_DIR = _MODEL_DIR / "rules"
# Text handling that decides paragraphs, sentences, tokens and words: any change there
# changes what is cached (a new word-segmentation repair must not read old words).
_TEXT_SOURCES = (_MODEL_DIR / "text", _MODEL_DIR / "document.py")


def _hash_sources(paths: Sequence[Path]) -> str:
    h = hashlib.sha1()
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*"))
        for p in files:
            if p.is_file() and p.suffix in (".py", ".txt", ".yaml", ".yml", ".json"):
                h.update(str(p.relative_to(_MODEL_DIR)).encode())
                h.update(p.read_bytes())
    return h.hexdigest()[:12]


def rules_version() -> str:
    """A hash of the rule engine's code and lexicons: silver labels change when they do."""
    return _hash_sources([_RULES_DIR])


def text_version() -> str:
    """A hash of the text handling code (normalisation, tokens, sentences, word segmentation)."""
    return _hash_sources(_TEXT_SOURCES)


def cache_root(cache_dir: str | Path | None = None) -> Path:
    raw = cache_dir or os.environ.get(ENV_CACHE) or Path.home() / ".cache" / "anninh"
    return Path(raw).expanduser()


@dataclass
class Prepared:
    """A prepared corpus: the dataset, where it is cached, and what was read and skipped."""

    dataset: Any  # datasets.Dataset
    path: Path
    key: str
    fingerprint: str
    from_cache: bool
    info: dict = field(default_factory=dict)  # documents, characters, skipped [(where, reason)], seconds


# ----------------------------------------------------------------------------- map functions
# Module-level so datasets can pickle them for num_proc workers; the rule engine is built
# once per worker process.

_ENGINE = None


def _engine():
    global _ENGINE
    if _ENGINE is None:
        from model.rules import RuleEngine

        _ENGINE = RuleEngine()
    return _ENGINE


def _words_batch(batch: dict, segmenter: str, skip_boilerplate: bool) -> dict:
    from model.document import make_document
    from model.text.wordseg import segment_words

    out: dict[str, list] = {"doc": [], "words": []}
    for doc_id, text in zip(batch["id"], batch["text"]):
        doc = make_document(text, doc_id)
        for para in doc.paragraphs:
            if skip_boilerplate and para.boilerplate:
                continue
            words: list[str] = []
            for i, j in para.sentences:
                words.extend(w.form for w in segment_words(para.tokens[i:j], segmenter))
            if words:
                out["doc"].append(doc_id)
                out["words"].append(words)
    return out


def _silver_batch(batch: dict, segmenter: str, skip_boilerplate: bool) -> dict:
    """Rows per sentence; a skipped boilerplate paragraph is one row with no words and
    ``boilerplate`` set, and ``lost`` counts (on a paragraph's first row) the rule spans
    whose edges fall inside a word, so the trainer's statistics stay complete."""
    from model.document import make_document
    from model.labels import spans_lost, spans_to_tags
    from model.text.wordseg import segment_words

    cols = ("doc", "para", "forms", "tags", "offsets", "lost", "boilerplate", "veto")
    out: dict[str, list] = {c: [] for c in cols}

    def row(doc_id, para, forms, tags, offsets, lost, boiler, veto):
        for c, v in zip(cols, (doc_id, para, forms, tags, offsets, lost, boiler, veto)):
            out[c].append(v)

    engine = _engine()
    for doc_id, text in zip(batch["id"], batch["text"]):
        doc = make_document(text, doc_id)
        labels = engine.label_document(doc)
        for para, pl in zip(doc.paragraphs, labels):
            if skip_boilerplate and para.boilerplate:
                row(doc_id, para.index, [], [], [], 0, True, [])
                continue
            sentences = []
            for i, j in para.sentences:
                words = segment_words(para.tokens[i:j], segmenter)
                if words:
                    sentences.append(([w.form for w in words], [(w.start, w.end) for w in words]))
            lost = len(spans_lost([o for _, offs in sentences for o in offs], pl.spans))
            for k, (forms, offsets) in enumerate(sentences):
                # words inside a plural or generic agency reference (`Công an 3 tỉnh`): no
                # entity by the guideline, so self-training adds none there
                veto = [any(a < ge and ga < b for ga, ge in pl.generic) for a, b in offsets]
                row(doc_id, para.index, forms, spans_to_tags(offsets, pl.spans), [list(o) for o in offsets],
                    lost if k == 0 else 0, False, veto)
    return out


_TASKS = {"words": _words_batch, "silver": _silver_batch}


# ----------------------------------------------------------------------------- driver


def _read(spec, max_chars: int | None, warn: bool) -> tuple[dict, list[Path], SourceProblems, int]:
    files = corpus_files(spec)
    problems = SourceProblems()
    ids: list[str] = []
    texts: list[str] = []
    n = 0
    for d in iter_docs(files, problems, warn):
        if max_chars is not None and n >= max_chars:
            break
        ids.append(d.id)
        texts.append(d.text)
        n += len(d.text)
    if not texts:
        from .reader import CorpusError

        raise CorpusError(f"corpus {spec} yielded no usable article ({len(problems.skipped)} skipped: "
                          f"{'; '.join(f'{w}: {r}' for w, r in problems.skipped[:3])})")
    return {"id": ids, "text": texts}, files, problems, n


def _prepare(task: str, spec, segmenter: str, skip_boilerplate: bool = True, num_proc: int = 1,
             cache_dir: str | Path | None = None, max_chars: int | None = None, progress: bool = True,
             warn: bool = True) -> Prepared:
    from datasets import Dataset, load_from_disk

    files = corpus_files(spec)
    fp = fingerprint(files)
    parts = {"task": task, "corpus": fp, "segmenter": segmenter, "skip_boilerplate": skip_boilerplate,
             "max_chars": max_chars, "version": PREPARE_VERSION[task], "text": text_version()}
    if task == "silver":
        parts["rules"] = rules_version()
    key = hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    path = cache_root(cache_dir) / f"{task}-{key}"
    info_file = path / "anninh_prepare.json"
    if info_file.is_file():
        try:
            info = json.loads(info_file.read_text(encoding="utf-8"))
            ds = load_from_disk(str(path / "data"))
            return Prepared(ds, path, key, fp, True, info)
        except (OSError, ValueError, json.JSONDecodeError):
            pass  # a damaged cache entry is rebuilt below
    t0 = time.time()
    data, files, problems, n_chars = _read(spec, max_chars, warn)
    raw = Dataset.from_dict(data)
    n_proc = max(1, min(int(num_proc), len(data["id"])))
    fn = _TASKS[task]
    ds = raw.map(
        fn, batched=True, batch_size=16, num_proc=n_proc if n_proc > 1 else None,
        remove_columns=["id", "text"], fn_kwargs={"segmenter": segmenter, "skip_boilerplate": skip_boilerplate},
        desc=f"{'segmenting' if task == 'words' else 'labelling + segmenting'} {len(data['id']):,} articles",
        load_from_cache_file=False,
    )
    info = {**parts, "documents": len(data["id"]), "characters": n_chars, "files": len(files),
            "skipped": [list(x) for x in problems.skipped], "rows": len(ds),
            "seconds": round(time.time() - t0, 1), "spec": [str(s) for s in ([spec] if isinstance(spec, (str, Path)) else spec)]}
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    ds.save_to_disk(str(tmp / "data"))
    (tmp / "anninh_prepare.json").write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
    os.replace(tmp, path)
    ds = load_from_disk(str(path / "data"))
    logger.info("%s: %s characters, %s articles, %s rows in %.0f s (%s chars/s); cached in %s", task,
                f"{n_chars:,}", f"{len(data['id']):,}", f"{len(ds):,}", info["seconds"],
                f"{n_chars / max(time.time() - t0, 1e-3):,.0f}", path)
    return Prepared(ds, path, key, fp, False, info)


def prepare_words(spec, segmenter: str, **kw) -> Prepared:
    """Per paragraph of the corpus, its words (``doc``, ``words``), cached."""
    return _prepare("words", spec, segmenter, **kw)


def prepare_silver(spec, segmenter: str, **kw) -> Prepared:
    """Per sentence of the corpus, silver-labelled words (``doc``, ``para``, ``forms``,
    ``tags``, ``offsets``), cached."""
    return _prepare("silver", spec, segmenter, **kw)
