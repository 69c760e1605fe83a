"""Review items: one paragraph each, with the spans each system predicts for it.

The input is either a raw corpus (a folder of ``*.txt`` articles, or one article) or a
gold JSONL file. Paragraph numbering is the gold files' (non-empty lines of the article),
so a reviewed paragraph lands on the same ``(doc, para)`` key as the silver labels of the
same article, and the trainer can let reviewed gold win on exactly those paragraphs.

Systems annotate whole documents, as users do (document-level evidence such as a name
seen earlier as PERSON is then available), and entities are mapped back into their
paragraph; gold documents are rebuilt by joining their paragraphs with newlines, as
``anninh evaluate`` does.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from model.labels import Span

from train.corpus.gold import join_documents

# (start, end, label, score): offsets into the paragraph's text.
ScoredSpan = tuple[int, int, str, float]


@dataclass
class ReviewItem:
    """One paragraph to review.

    ``gold`` holds a gold file's own spans (they travel as Label Studio *annotations*, so an
    untouched paragraph comes back unchanged); None for corpus paragraphs, which have no
    human labels yet. ``predictions`` maps a system name (``rules``, ``model:<dir>``) to its
    scored spans; ``select_score`` is filled by :mod:`.select` and exported as task meta.
    """

    doc: str
    para: int
    text: str
    gold: list[Span] | None = None
    predictions: dict[str, list[ScoredSpan]] = field(default_factory=dict)
    select_score: float | None = None

    @property
    def key(self) -> tuple[str, int]:
        return (self.doc, self.para)


def load_items(path: str | Path, skip_boilerplate: bool = True) -> list[ReviewItem]:
    """Review items from a gold JSONL file, a corpus folder or one ``.txt`` article.

    Corpus paragraphs that are boilerplate (captions, file names, bylines-only lines, as
    :func:`model.text.boilerplate.boilerplate_reason` decides) are left out unless
    ``skip_boilerplate`` is False: nobody should spend review time on them. Their ``para``
    numbers keep counting, so keys still match the silver labels.
    """
    from model.document import make_document
    from train.corpus.reader import read_corpus
    from train.corpus.gold import load_gold

    path = Path(path)
    if path.is_file() and path.suffix in (".jsonl", ".json"):
        return [ReviewItem(gp.doc, gp.para, gp.text, gold=list(gp.entities)) for gp in load_gold(path)]
    if path.is_file():
        try:
            docs = [(path.stem, path.read_text(encoding="utf-8-sig"))]
        except UnicodeDecodeError as exc:
            raise ValueError(f"{path} is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    elif path.is_dir():
        docs = read_corpus(path).docs
    else:
        raise FileNotFoundError(
            f"{path} does not exist: give a corpus folder of *.txt articles, one .txt article or a gold .jsonl file"
        )
    items = []
    for doc_id, text in docs:
        for p in make_document(text, doc_id).paragraphs:
            if skip_boilerplate and p.boilerplate:
                continue
            items.append(ReviewItem(doc_id, p.index, p.text))
    return items


def add_predictions(items: Sequence[ReviewItem], annotator, name: str, progress: bool = False) -> None:
    """Run ``annotator`` (an :class:`model.annotator.Annotator`, anything with
    ``annotate_many``) over the items' documents; store its scored spans under ``name``.

    An entity that would cross a paragraph boundary (impossible for our backends, which
    split on lines first) is dropped rather than cut.
    """
    texts, layouts = join_documents(items)
    for it in items:
        it.predictions[name] = []
    results = annotator.annotate_many(texts, progress=progress) if texts else []
    for layout, ents in zip(layouts, results):
        for e in ents:
            for start, it in layout:
                if start <= e.start and e.end <= start + len(it.text):
                    it.predictions[name].append((e.start - start, e.end - start, e.label, float(e.score)))
                    break
    for it in items:
        it.predictions[name].sort()


class ClassifierAnnotator:
    """``annotate_many`` over an already loaded :class:`model.classifier.TokenClassifier`,
    so one load serves both the model's predictions and its margins (``--select uncertain``)."""

    def __init__(self, classifier) -> None:
        self.classifier = classifier

    def annotate_many(self, texts: Sequence[str], progress: bool = False):
        from model.annotator import validated
        from model.entity import Entity

        spans = self.classifier.predict_spans(list(texts), progress=progress)
        return [validated(t, [Entity(s, e, lab, t[s:e], sc) for s, e, lab, sc in sp]) for t, sp in zip(texts, spans)]


def rules_name() -> str:
    return "rules"


def model_name(model_dir: str | Path) -> str:
    """``model:<folder name>``: the ``model_version`` Label Studio shows and filters by."""
    p = Path(model_dir)
    name = p.parent.name if p.name == "model" and p.parent.name else p.name
    return f"model:{name}"
