"""Silver labels: the rule engine run over a raw corpus.

``label_corpus`` keeps everything a report needs (per-function votes, decisions,
skipped files, counts); ``silver_paragraphs`` is the trainer's view: gold-format
paragraphs with the rules' spans, boilerplate left out.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from model.document import Document, make_document
from model.labels import LABELS
from model.rules import ParagraphLabels, RuleEngine

from .reader import CorpusRead, CorpusWarning, read_corpus
from .gold import GoldParagraph

# A paragraph this long is labelled, but reported: it is usually a scraping accident.
LONG_PARAGRAPH_CHARS = 100_000


@dataclass
class LabeledDoc:
    doc_id: str
    document: Document
    labels: list[ParagraphLabels]


@dataclass
class LabeledCorpus:
    """Everything the rules produced for a corpus.

    ``silver``: one :class:`GoldParagraph` per paragraph of every labelled document
    (boilerplate included, so it aligns with gold files); ``skipped``: ``(path, reason)``
    for files left out; ``counts``: totals for the report.
    """

    input_dir: Path
    engine: RuleEngine
    docs: list[LabeledDoc] = field(default_factory=list)
    silver: list[GoldParagraph] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    long_paragraphs: list[tuple[str, int, int]] = field(default_factory=list)  # doc, para, chars
    docs_without_entities: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    gazetteer: object = None  # the corpus gazetteer collected in the first pass (or None)
    hmm: object = None  # the HMM aggregator fitted on this corpus (aggregation "hmm")

    def labels_by_key(self) -> dict[tuple[str, int], ParagraphLabels]:
        return {(d.doc_id, pl.index): pl for d in self.docs for pl in d.labels}

    def predictions(self) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
        return {(gp.doc, gp.para): list(gp.entities) for gp in self.silver}


def _progress(iterable, total: int, enabled: bool, desc: str):
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, total=total, desc=desc, unit="doc", leave=False)


def label_documents(corpus: CorpusRead, engine: RuleEngine | None = None, progress: bool = True) -> LabeledCorpus:
    """Label the documents of an already read corpus."""
    engine = engine or RuleEngine()
    out = LabeledCorpus(Path(corpus.input_dir), engine, skipped=list(corpus.skipped), ignored=list(corpus.ignored))
    docs = [make_document(text, doc_id) for doc_id, text in corpus.docs]
    if "corpus_gazetteer" in engine.names and engine.corpus_gazetteer is None and docs:
        # first pass: what the high-precision functions confirm across the corpus
        first = [(doc, engine.label_document(doc)) for doc in _progress(docs, len(docs), progress, "pass 1")]
        out.gazetteer = engine.collect_corpus_gazetteer(first)
    if engine.aggregation == "hmm" and engine.hmm is None and docs:
        out.hmm = engine.fit_hmm(docs)  # fitted without labels on this corpus's votes
    per_label = dict.fromkeys(LABELS, 0)
    n_paras = n_boiler = n_with = docs_without = 0
    for doc in _progress(docs, len(docs), progress, "labelling"):
        doc_id = doc.doc_id
        labels = engine.label_document(doc)
        out.docs.append(LabeledDoc(doc_id, doc, labels))
        doc_entities = 0
        for para, pl in zip(doc.paragraphs, labels):
            n_paras += 1
            if para.boilerplate:
                n_boiler += 1
            if len(para.text) > LONG_PARAGRAPH_CHARS:
                out.long_paragraphs.append((doc_id, para.index, len(para.text)))
                warnings.warn(f"{corpus.input_dir}/{doc_id}.txt paragraph {para.index} is {len(para.text):,} "
                              "characters long; labelled, but check the file (a missing line break?)",
                              CorpusWarning, stacklevel=2)
            if pl.spans:
                n_with += 1
            for _, _, lab in pl.spans:
                per_label[lab] = per_label.get(lab, 0) + 1
            doc_entities += len(pl.spans)
            out.silver.append(GoldParagraph(doc_id, para.index, para.text, list(pl.spans)))
        if doc_entities == 0:
            docs_without += 1
            out.docs_without_entities.append(doc_id)
    out.counts = {
        "files": corpus.n_files,
        "documents": len(corpus.docs),
        "skipped_files": len(corpus.skipped),
        "ignored_files": len(corpus.ignored),
        "characters": corpus.n_chars,
        "paragraphs": n_paras,
        "boilerplate_paragraphs": n_boiler,
        "paragraphs_with_entities": n_with,
        "documents_without_entities": docs_without,
        "long_paragraphs": len(out.long_paragraphs),
        "entities": sum(per_label.values()),
        "entities_by_label": per_label,
    }
    return out


def label_corpus(input_dir: str | Path, engine: RuleEngine | None = None, progress: bool = True) -> LabeledCorpus:
    """Read ``input_dir`` (``*.txt``, UTF-8) and label every document with the rules."""
    return label_documents(read_corpus(input_dir), engine, progress)


def silver_paragraphs(input_dir: str | Path, skip_boilerplate: bool = True,
                      engine: RuleEngine | None = None, progress: bool = False) -> list[GoldParagraph]:
    """Gold-format silver paragraphs for training (boilerplate paragraphs left out)."""
    lc = label_corpus(input_dir, engine, progress)
    if not skip_boilerplate:
        return lc.silver
    keep = {(d.doc_id, p.index) for d in lc.docs for p in d.document.paragraphs if not p.boilerplate}
    return [gp for gp in lc.silver if (gp.doc, gp.para) in keep]
