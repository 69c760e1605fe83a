"""The data of a fine-tuning run: silver-labelled corpus, labelled ``data.train_file``,
dev gold, augmentation, as word-segmented sentences (:class:`~.dataset.WordSentence`).

The corpus is labelled by the rules and segmented through the cache of
:mod:`train.corpus.prepare`; under several processes the main one prepares it while the
others wait, then read the cache. Paragraphs of ``data.train_file`` replace the silver
sentences of the same paragraphs. Dev keeps every paragraph, boilerplate included, so an
entity there still counts as missed.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from train.corpus.gold import GoldParagraph, load_gold

from .config import Config
from .dataset import LABELLED, SentenceStats, WordSentence, pack_sentences, paragraphs_to_sentences
from .errors import TrainError
from .partial import mark_unknown
from .reviewed import gold_sentences, load_reviewed, replace_silver, sample_silver

logger = logging.getLogger(__name__)


@dataclass
class PreparedData:
    train: list[WordSentence]
    augmented: list[WordSentence]
    dev: list[WordSentence]
    dev_gold: list[GoldParagraph]
    summary: dict = field(default_factory=dict)


def corpus_spec(cfg: Config) -> list[str]:
    """``data.corpus`` (its paths), or nothing when it is null (config.py maps the old
    ``data.corpus_dir`` onto it)."""
    return list(cfg.data.corpus or [])


def silver_sentences(cfg: Config) -> tuple[list[WordSentence], SentenceStats, list[str], dict]:
    """The corpus, silver-labelled and segmented through the cache of :mod:`train.corpus.prepare`."""
    from accelerate import PartialState

    from train.corpus.prepare import prepare_silver
    from train.corpus.reader import CorpusError

    d = cfg.data
    spec = corpus_spec(cfg)
    stats = SentenceStats()
    if not spec:
        return [], stats, [], {}
    try:
        with PartialState().main_process_first():  # several processes: the main one prepares, the others read the cache
            prep = prepare_silver(spec, d.segmenter, skip_boilerplate=d.skip_boilerplate, num_proc=d.num_proc,
                                  cache_dir=d.cache_dir, max_chars=d.max_chars, progress=cfg.training.progress)
    except CorpusError as exc:
        raise TrainError(f"data.corpus: {exc} (relative paths start from {Path.cwd()})") from None
    ds = prep.dataset
    out: list[WordSentence] = []
    paras: set[tuple[str, int]] = set()
    for doc, para, forms, tags, offsets, lost, boiler, veto in zip(
            ds["doc"], ds["para"], ds["forms"], ds["tags"], ds["offsets"], ds["lost"], ds["boilerplate"], ds["veto"]):
        paras.add((doc, para))
        stats.spans_misaligned += lost
        if boiler:
            stats.boilerplate_skipped += 1
            continue
        out.append(WordSentence(forms, tags, doc, para, [(o[0], o[1]) for o in offsets], veto=list(veto)))
        stats.words += len(forms)
        for t in tags:
            if t.startswith("B-"):
                stats.entities[t[2:]] += 1
    stats.paragraphs = len(paras)
    stats.sentences = len(out)
    info = prep.info
    where = ", ".join(spec)
    sources = [f"{where} ({info.get('documents')} articles, {info.get('characters'):,} characters; silver labels from "
               f"the rules{', cached' if prep.from_cache else ''})"]
    if info.get("skipped"):
        sources.append(f"{len(info['skipped'])} corpus files or lines skipped (see metrics.json data.corpus_skipped)")
    return out, stats, sources, {"key": prep.key, "fingerprint": prep.fingerprint, "from_cache": prep.from_cache,
                                 "skipped": info.get("skipped", [])[:100], "path": str(prep.path)}


def _merge_stats(a: SentenceStats, b: SentenceStats) -> SentenceStats:
    out = SentenceStats()
    for k in ("paragraphs", "boilerplate_skipped", "sentences", "words", "spans_misaligned"):
        setattr(out, k, getattr(a, k) + getattr(b, k))
    out.entities = a.entities + b.entities
    return out


def prepare_data(cfg: Config) -> PreparedData:
    """Silver corpus (cached), labelled ``data.train_file`` (its paragraphs win over the
    silver labels of the same paragraphs), dev gold, augmentation."""
    from .augment import augment

    d, t = cfg.data, cfg.training
    train, tstats, sources, corpus_info = silver_sentences(cfg)
    partial = None
    if d.partial_labels.enabled and train:  # silver sentences only: a hand label's O is an O
        train, pstats = mark_unknown(train, d.partial_labels.min_ratio, d.partial_labels.min_count)
        partial = pstats.as_dict()
    train_paras: list[GoldParagraph] = []
    if d.train_file:
        train_paras = load_gold(d.train_file)
        labelled, lstats = paragraphs_to_sentences(train_paras, d.segmenter, d.skip_boilerplate, t.progress,
                                                   "segmenting train_file", source=LABELLED)
        owned = {(p.doc, p.para) for p in train_paras}
        before = len(train)
        train = [s_ for s_ in train if (s_.doc, s_.para) not in owned] + labelled
        sources.append(f"{d.train_file} ({len(train_paras)} labelled paragraphs"
                       + (f", replacing {before - (len(train) - len(labelled))} silver sentences of the same paragraphs"
                          if before - (len(train) - len(labelled)) else "") + ")")
        tstats = _merge_stats(tstats, lstats)
    dev_gold: list[GoldParagraph] = []
    if d.dev_file:
        dev_gold = load_gold(d.dev_file)
        if not dev_gold:
            raise TrainError(f"data.dev_file {d.dev_file} holds no paragraphs")
    reviewed_summary = None
    if d.reviewed.sets:  # strong + weak: people's labels beside the rules' (train/training/reviewed.py)
        reviewed = load_reviewed(d.reviewed, d.dev_file, {p.doc for p in dev_gold})
        gold = gold_sentences(cfg, reviewed)
        train, gave_way = replace_silver(train, gold)
        sources.extend(reviewed.sources)
        reviewed_summary = {"sets": list(d.reviewed.sets), "articles": reviewed.articles,
                            "articles_available": reviewed.articles_available,
                            "paragraphs": len(reviewed.paragraphs), "sentences": len(gold),
                            "silver_sentences_replaced": gave_way, "silver_weight": d.reviewed.silver_weight,
                            "repeat": d.reviewed.repeat}
    if not train:
        raise TrainError(f"no training sentences in {', '.join(sources) or 'the configured data'}: "
                         "the corpus is empty or only boilerplate")
    if not any(s.has_entity for s in train):
        raise TrainError(f"the training data ({', '.join(sources)}) holds no entity at all; nothing to learn")
    dev: list[WordSentence] = []
    dstats = None
    if dev_gold:
        # Dev keeps every paragraph: an entity in a skipped paragraph must still count as missed.
        dev, dstats = paragraphs_to_sentences(dev_gold, d.segmenter, False, t.progress, "segmenting dev")
    if d.context_words:  # read as inference will: consecutive sentences of a paragraph together
        train, dev = pack_sentences(train, d.context_words), pack_sentences(dev, d.context_words)
    if d.reviewed.sets and d.reviewed.silver_sample:
        before = len(train)
        train = sample_silver(train, d.reviewed.silver_sample, t.seed)
        reviewed_summary["silver_units_sampled"] = {"from": before, "to": len(train)}
    augmented, aug_summary = augment(train, cfg.augment, d.segmenter, t.seed)
    train_docs = {s_.doc for s_ in train}
    overlap = sorted(train_docs & {p.doc for p in dev_gold})
    if overlap:  # said on stderr, in metrics.json and in the model card
        logger.warning("dev: %d of %d dev document(s) of %s are also in the training text (%s): dev F1 "
                       "measures how the model reproduces text it trained on, not new articles; "
                       "set data.dev_file to gold of other articles", len(overlap),
                       len({p.doc for p in dev_gold}), d.dev_file, ", ".join(overlap[:3])
                       + (", ..." if len(overlap) > 3 else ""))
    summary = {
        "train_sources": sources,
        "corpus": corpus_info,
        "train": tstats.as_dict(),
        "dev_file": d.dev_file,
        "dev": dstats.as_dict() if dstats else None,
        "augmentation": aug_summary,
        "partial_labels": partial,
        "reviewed": reviewed_summary,
        "dev_documents_also_in_train": overlap,
    }
    if d.context_words:
        summary["context_words"] = {"limit": d.context_words, "train_units": len(train), "dev_units": len(dev)}
    return PreparedData(train, augmented, dev, dev_gold, summary)
