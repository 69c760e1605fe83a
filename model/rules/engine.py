"""The rule engine: run the selected labeling functions over a document and aggregate.

Used three ways: ``anninh label`` (silver labels for training), the ``rules`` inference
backend (``engine.annotate(text)``), and the model's hybrid mode
(``RuleEngine(functions=["rank_lexicon"])``). A config (dict or YAML file) names the
functions, the aggregation mode, the priority order and the weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import yaml

from model.document import Document, make_document
from model.entity import Entity
from model.labels import spans_to_tags

from .aggregate import MODES, PREFER, Decision, aggregate

LEARNED = ("hmm",)  # aggregators fitted on a corpus (RuleEngine.fit_hmm)
from .context import DocView
from .credits import credit_name
from .grammar import generic_agency_spans
from .registry import LABELING_FUNCTIONS, LabelingFunction, default_functions, get_function

if TYPE_CHECKING:  # the HMM is imported when it is fitted; the name serves the annotation
    from .hmm import HMMAggregator

CharSpan = tuple[int, int, str]


@dataclass
class ParagraphLabels:
    """The rules' output for one paragraph.

    ``spans``: paragraph-relative offsets into the ORIGINAL paragraph text, sorted and
    non-overlapping; ``scores``: one per span (0..1); ``votes``: what each labeling
    function proposed (same offsets), including the functions that abstained (empty);
    ``decisions``: per kept span (same order as ``spans``), a :class:`Decision` with the
    voting functions and the candidates it beat (``aggregate.Rejected``), in the same offsets.
    """

    index: int
    spans: list[CharSpan] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    votes: dict[str, list[CharSpan]] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    token_offsets: list[tuple[int, int]] = field(default_factory=list, repr=False)
    # plural or generic agency references (`Công an 3 tỉnh`) and names in a photo credit
    # (`(Ảnh: Công an TPHCM)`), which the guideline makes no entity: character spans the
    # hybrid and self-training keep the model out of
    generic: list[tuple[int, int]] = field(default_factory=list)

    @property
    def tags(self) -> list[str]:
        """IOB2 tags over the paragraph's syllable tokens."""
        return spans_to_tags(self.token_offsets, self.spans)


@dataclass(frozen=True)
class RuleConfig:
    functions: tuple[str, ...] | None = None
    aggregation: str = "priority"
    prefer: str = "longest"
    priority: tuple[str, ...] | None = None  # full or partial order; unnamed functions follow
    weights: Mapping[str, float] | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], where: str = "rule config") -> "RuleConfig":
        known = {"functions", "aggregation", "prefer", "priority", "weights"}
        extra = set(data) - known
        if extra:
            raise ValueError(f"{where}: unknown key(s) {', '.join(sorted(extra))}; expected {', '.join(sorted(known))}")
        def seq(key):
            v = data.get(key)
            if v is None:
                return None
            if not isinstance(v, (list, tuple)) or not all(isinstance(x, str) for x in v):
                raise ValueError(f"{where}: {key!r} must be a list of labeling-function names")
            return tuple(v)
        weights = data.get("weights")
        if weights is not None and (not isinstance(weights, Mapping) or
                                    not all(isinstance(v, (int, float)) for v in weights.values())):
            raise ValueError(f"{where}: 'weights' must map labeling-function names to numbers")
        return cls(seq("functions"), str(data.get("aggregation", "priority")), str(data.get("prefer", "longest")),
                   seq("priority"), dict(weights) if weights else None)

    @classmethod
    def from_yaml(cls, path: str | Path) -> "RuleConfig":
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except FileNotFoundError:
            raise FileNotFoundError(f"rule config {path} does not exist") from None
        if not isinstance(data, Mapping):
            raise ValueError(f"{path}: a rule config must be a YAML mapping (functions, aggregation, ...)")
        return cls.from_mapping(data.get("rules", data), str(path))


def load_functions() -> None:
    """Import every ``lf_*.py`` module of this package: importing registers its labeling
    functions, so a new module needs no line here."""
    import importlib
    import pkgutil

    from . import __path__ as pkg_path
    for mod in pkgutil.iter_modules(pkg_path):
        if mod.name.startswith("lf_"):
            importlib.import_module(f"{__package__}.{mod.name}")


class RuleEngine:
    """Weak-supervision engine over named labeling functions.

    ``functions=None`` runs the default set; ``aggregation`` is ``"priority"`` or
    ``"vote"``; ``prefer`` is ``"longest"`` (guideline: the longer span wins) or
    ``"priority"``; ``priority`` orders the functions (defaults to their registered
    priority); ``weights`` override vote weights.
    """

    def __init__(
        self,
        functions: Iterable[str] | None = None,
        aggregation: str = "priority",
        prefer: str = "longest",
        priority: Iterable[str] | None = None,
        weights: Mapping[str, float] | None = None,
        config: RuleConfig | Mapping[str, Any] | str | Path | None = None,
    ) -> None:
        load_functions()
        if config is not None:
            cfg = config if isinstance(config, RuleConfig) else (
                RuleConfig.from_mapping(config) if isinstance(config, Mapping) else RuleConfig.from_yaml(config))
            functions = cfg.functions if functions is None else functions
            aggregation = cfg.aggregation
            prefer = cfg.prefer
            priority = cfg.priority if priority is None else priority
            weights = cfg.weights if weights is None else weights
        if aggregation not in MODES + LEARNED:
            raise ValueError(f"aggregation {aggregation!r} unknown; use one of {', '.join(MODES + LEARNED)}")
        if prefer not in PREFER:
            raise ValueError(f"prefer {prefer!r} unknown; use one of {', '.join(PREFER)}")
        names = list(default_functions() if functions is None else functions)
        if not names:
            raise ValueError("no labeling functions selected; name at least one of "
                             + ", ".join(sorted(LABELING_FUNCTIONS)))
        self.functions: list[LabelingFunction] = [get_function(n) for n in dict.fromkeys(names)]
        order = list(dict.fromkeys(priority or ()))
        for n in order:
            get_function(n)
        rest = sorted((f for f in LABELING_FUNCTIONS.values() if f.name not in order), key=lambda f: (f.priority, f.name))
        order += [f.name for f in rest]
        self.rank = {n: k for k, n in enumerate(order)}
        self.weight = {f.name: f.weight for f in LABELING_FUNCTIONS.values()}
        for n, w in (weights or {}).items():
            get_function(n)
            if not 0.0 <= float(w) <= 1.0:
                raise ValueError(f"weight of {n!r} must be within 0..1, got {w}")
            self.weight[n] = float(w)
        self.aggregation = aggregation
        self.prefer = prefer
        self.hmm = None  # fitted by fit_hmm() when aggregation == "hmm"
        self.corpus_gazetteer = None  # set by collect_corpus_gazetteer() (anninh label's first pass)

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.functions]

    # --- labelling ----------------------------------------------------------------
    def _aggregate(self, votes: list[tuple[str, int, int, str]]) -> list[Decision]:
        # The learned aggregator decides only at the end; the stages in between (what
        # propagation reads) use the priority order.
        mode = "priority" if self.aggregation in LEARNED else self.aggregation
        return aggregate(votes, self.rank, self.weight, mode, self.prefer)

    def fit_hmm(self, docs: Iterable[Document]) -> "HMMAggregator":
        """Fit the HMM aggregator, without labels, on the votes the functions cast on
        ``docs`` (a corpus); ``annotate``/``label_document`` then decode with it."""
        from .hmm import HMMAggregator, ParagraphVotes

        saved, self.hmm = self.hmm, None
        paras = []
        for doc in docs:
            for para, pl in zip(doc.paragraphs, self.label_document(doc)):
                if not para.boilerplate:
                    paras.append(ParagraphVotes(pl.token_offsets, pl.votes, pl.spans))
        model = HMMAggregator(self.names, dict(self.weight), {f.name: f.labels for f in self.functions})
        model.fit(paras)
        self.hmm = model if model.emission is not None else saved
        return model

    def _hmm_decode(self, pl: "ParagraphLabels") -> None:
        from .hmm import ParagraphVotes

        spans, scores = self.hmm.predict(ParagraphVotes(pl.token_offsets, pl.votes))
        pl.spans, pl.scores = spans, scores
        pl.decisions = [Decision(tuple(sp), sc, tuple(sorted(n for n, vs in pl.votes.items() if sp in vs)))
                        for sp, sc in zip(spans, scores)]

    def collect_corpus_gazetteer(self, labeled: Iterable[tuple[Document, list["ParagraphLabels"]]]):
        """Collect, from an already labelled corpus, the names that high-precision
        functions confirm in several articles, and let ``corpus_gazetteer`` vote for them
        from now on (returns the gazetteer; the lexicons' own names are left out)."""
        from model.text.normalize import norm_key

        from .lexicon import categories, load_lexicon
        from .lf_corpus import CorpusGazetteer

        known = {norm_key(e) for stem, section, _ in categories().values() for e in load_lexicon(stem, section)}
        docs = ((doc.doc_id, [(para.text, pl.votes) for para, pl in zip(doc.paragraphs, labels)])
                for doc, labels in labeled)
        self.corpus_gazetteer = CorpusGazetteer.collect(docs, known)
        return self.corpus_gazetteer

    def label_view(self, view: DocView) -> list[ParagraphLabels]:
        view.corpus_gazetteer = self.corpus_gazetteer
        by_para: dict[int, list[tuple[str, int, int, str]]] = {pv.index: [] for pv in view.paras}
        skip = {pv.index for pv in view.paras if pv.para.boilerplate}
        stages = sorted({f.stage for f in self.functions})
        decisions: dict[int, list[Decision]] = {}
        for stage in stages:
            # Stage s > 1 reads the aggregate of the stages before it (``view.prior_spans``).
            if stage != stages[0]:
                view.prior_spans = {p: [(d.i, d.j, d.label) for d in ds] for p, ds in decisions.items()}
            for f in self.functions:
                if f.stage != stage:
                    continue
                for p, i, j, lab in f(view):
                    if p not in skip:
                        by_para[p].append((f.name, i, j, lab))
            decisions = {p: self._aggregate(v) for p, v in by_para.items()}
        out = []
        for pv in view.paras:
            toks = pv.toks
            def cs(i: int, j: int, lab: str) -> CharSpan:
                return toks[i].start, toks[j - 1].end, lab
            votes: dict[str, list[CharSpan]] = {f.name: [] for f in self.functions}
            for name, i, j, lab in by_para[pv.index]:
                votes[name].append(cs(i, j, lab))
            for v in votes.values():
                v.sort()
            # The guideline counts no entity in a photo credit or source tag (`(Ảnh: Công an
            # TPHCM)`) but a full personal name: whatever the functions found there is dropped
            # and, like a plural reference, kept out of the hybrid and self-training.
            ds, credits = [], []
            for d in decisions[pv.index]:
                in_credit = d.label not in ("PERSON", "RANK") and credit_name(pv, d.i, d.j)
                (credits if in_credit else ds).append(d)
            pl = ParagraphLabels(
                pv.index,
                [cs(d.i, d.j, d.label) for d in ds],
                [d.score for d in ds],
                votes,
                [d.mapped(lambda sp: cs(*sp)) for d in ds],
                [(t.start, t.end) for t in pv.para.tokens],
                [(toks[i].start, toks[j - 1].end) for i, j in generic_agency_spans(pv)]
                + [(toks[d.i].start, toks[d.j - 1].end) for d in credits],
            )
            if self.hmm is not None and self.aggregation == "hmm":
                self._hmm_decode(pl)
            out.append(pl)
        return out

    def label_document(self, doc: Document) -> list[ParagraphLabels]:
        """One :class:`ParagraphLabels` per ``doc.paragraphs``, in the same order."""
        return self.label_view(DocView.build(doc))

    def label_text(self, text: str, doc_id: str = "doc") -> tuple[Document, list[ParagraphLabels]]:
        doc = make_document(text, doc_id)
        return doc, self.label_document(doc)

    def annotate(self, text: str) -> list[Entity]:
        """Entities of ``text`` with document offsets (``text[e.start:e.end] == e.text``)."""
        doc, labels = self.label_text(text)
        out = []
        for para, pl in zip(doc.paragraphs, labels):
            for (s, e, lab), score in zip(pl.spans, pl.scores):
                a, b = para.start + s, para.start + e
                out.append(Entity(a, b, lab, text[a:b], float(score)))
        return out

    def describe(self) -> list[dict]:
        """The selected functions with their labels, stage, weight and priority rank."""
        return [{"name": f.name, "labels": list(f.labels), "stage": f.stage, "weight": self.weight[f.name],
                 "priority": self.rank[f.name], "description": f.description} for f in self.functions]
