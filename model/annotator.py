"""``annotate()``: the one call users make, whatever runs underneath.

Three backends answer the same contract (a list of :class:`~model.entity.Entity` whose
offsets slice the caller's own string):

* a trained model directory (``runs/<name>/model``),
* ``"rules"``: the rule engine alone (no torch needed),
* ``hybrid=True`` with a model: the rule spans of trusted labeling functions are kept
  and the model fills in where they are silent; RANK from the rank lexicon alone
  (:mod:`model.hybrid`, policy in ``model/hybrid.yaml``).

``model=None`` reads ``ANNINH_MODEL`` and otherwise falls back to the rules, saying so
once, so a script that forgot to name a model still gets sensible output. Loading a
transformer takes seconds, so :func:`annotate` keeps loaded annotators in a cache.
"""
from __future__ import annotations

import logging
import os
import threading
import warnings
from pathlib import Path
from typing import Iterator, Sequence, Union

from .entity import Entity
from .consistency import ConsistencyPolicy, load_consistency
from .hybrid import HybridPolicy, combine, load_policy
from .text.paragraphs import iter_windows

log = logging.getLogger(__name__)

RULES = "rules"
ENV_VAR = "ANNINH_MODEL"
# The rule engine reads long texts in windows of whole paragraphs this long (see
# Annotator._rule_entities): 32 KB > 99 % of news articles, about 6 MB of engine memory.
RULES_WINDOW_CHARS = 32_000

ModelSpec = Union[str, os.PathLike, None]

_notice_given = False
_cache: dict[tuple, "Annotator"] = {}
_cache_lock = threading.Lock()


def _check_text(text: object, name: str = "text") -> str:
    if not isinstance(text, str):
        hint = " (decode it first, e.g. data.decode('utf-8'))" if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{name} must be str or a list of str, not {type(text).__name__}{hint}")
    return text


def _live(texts: Sequence[str]) -> list[int]:
    """The indexes of the texts worth reading: every text checked (a clear error for one
    that is not a string), the blank ones left out."""
    for i, t in enumerate(texts):
        _check_text(t, f"text[{i}]")
    return [i for i, t in enumerate(texts) if t.strip()]


def resolve_model(model: ModelSpec) -> str:
    """``"rules"`` or the model directory as a string; ``None`` -> ``$ANNINH_MODEL`` or rules."""
    global _notice_given
    if model is None:
        env = os.environ.get(ENV_VAR, "").strip()
        if env:
            return env if env == RULES else str(Path(env).expanduser())
        if not _notice_given:
            _notice_given = True
            msg = (
                f"no model given and {ENV_VAR} is not set: annotating with the rule engine alone. "
                f"Pass model='runs/<name>/model' or set {ENV_VAR} to use a trained model, "
                "or model='rules' to silence this notice."
            )
            warnings.warn(msg, UserWarning, stacklevel=3)
            log.info(msg)
        return RULES
    if isinstance(model, os.PathLike):
        return str(Path(model).expanduser())
    if not isinstance(model, str):
        raise TypeError(
            f"model must be a model directory (str or Path), 'rules' or None, not {type(model).__name__}"
        )
    if not model.strip():
        raise ValueError("model must not be empty: pass a model directory, 'rules' or None")
    return model if model == RULES else str(Path(model).expanduser())


def validated(text: str, spans) -> list[Entity]:
    """Entities sorted by offset with ``text == original[start:end]``; a span outside the
    text (a backend bug) is dropped with a warning rather than handed to the user."""
    out = []
    for sp in spans:
        s, e, lab, sc = sp.start, sp.end, sp.label, sp.score
        if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
            log.warning("dropping entity %r: offsets outside the text of length %d", sp, len(text))
            continue
        out.append(sp if sp.text == text[s:e] else Entity(s, e, lab, text[s:e], sc))
    out.sort(key=lambda x: (x.start, x.end))
    return out


class Annotator:
    """A loaded backend. ``Annotator(model)(text)`` -> entities; a list -> one list per text."""

    def __init__(
        self,
        model: ModelSpec = None,
        *,
        hybrid: bool = False,
        batch_size: int = 16,
        device: str | None = None,
        quantize: bool = False,
        threads: int | None = None,
        policy: "str | os.PathLike | HybridPolicy | None" = None,
        consistency: "str | os.PathLike | ConsistencyPolicy | bool | None" = None,
    ) -> None:
        """``policy``: the hybrid policy (a :class:`~model.hybrid.HybridPolicy` or a YAML
        file like ``model/hybrid.yaml``, which is the default). ``consistency``: how the
        model's names label their other mentions in an article (a
        :class:`~model.consistency.ConsistencyPolicy` or a YAML file; default
        ``model/consistency.yaml``; ``False``: the sentence-level predictions alone)."""
        self.spec = resolve_model(model)
        self.hybrid = bool(hybrid)
        self._classifier = None
        self._rules = None
        self._hybrid_rules = None
        if self.spec == RULES:
            self.backend = "rules"
            self._rules = _rule_engine()
        else:
            from .classifier import TokenClassifier

            if consistency is False:
                consistency = ConsistencyPolicy(frozenset())
            elif not isinstance(consistency, ConsistencyPolicy):
                consistency = load_consistency(None if consistency in (None, True) else consistency)
            self._classifier = TokenClassifier(
                self.spec, batch_size=batch_size, device=device, quantize=quantize, threads=threads,
                consistency=consistency,
            )
            self.backend = "hybrid" if self.hybrid else "model"
            if self.hybrid:
                self._policy = policy if isinstance(policy, HybridPolicy) else load_policy(policy)
                self._hybrid_rules = _rule_engine()

    @property
    def name(self) -> str:
        return self.spec if self.backend != "hybrid" else f"{self.spec}+rules"

    def __repr__(self) -> str:
        return f"Annotator({self.spec!r}, backend={self.backend!r})"

    def __call__(self, text, progress: bool = False):
        return self.annotate(text, progress=progress)

    def annotate(self, text, progress: bool = False):
        """Entities of ``text`` (str), or one list per text for a list/tuple of str."""
        if isinstance(text, (list, tuple)):
            texts = [_check_text(t, f"text[{i}]") for i, t in enumerate(text)]
            return self.annotate_many(texts, progress=progress)
        return self.annotate_many([_check_text(text)], progress=progress)[0]

    def annotate_many(self, texts: Sequence[str], progress: bool = False) -> list[list[Entity]]:
        """Batched: the model's windows from neighbouring texts share forward passes."""
        live = _live(texts)
        out: list[list[Entity]] = [[] for _ in texts]
        if not live:
            return out
        if self._rules is not None:
            bar = None
            total = sum(len(texts[i]) for i in live)
            # by characters, window by window (a 20 MB input takes a minute); an input of one
            # window has nothing to show between its start and its end
            if progress and total > RULES_WINDOW_CHARS:
                from tqdm.auto import tqdm

                bar = tqdm(total=total, unit="char", unit_scale=True, desc="annotate")
            try:
                for i in live:
                    out[i] = validated(texts[i], self._rule_entities(texts[i], bar))
                if bar is not None:
                    bar.update(total - bar.n)  # the blank between and after windows
            finally:
                if bar is not None:
                    bar.close()
            return out
        model = self._model_entities(texts, live, progress)
        for i in live:
            t, ents = texts[i], model[i]
            if self._hybrid_rules is not None:
                rule_ents, generic = self._trusted_rule_entities(t)
                ents = combine(t, ents, rule_ents, self._policy, vetoes=generic)
            out[i] = validated(t, ents)
        return out

    def model_entities(self, texts: Sequence[str], progress: bool = False) -> list[list[Entity]]:
        """The classifier's own entities of each text, before any rule is combined with them
        (in hybrid mode too): one loaded model serves both readings when policies are
        compared (``scripts/compare_hybrid.py``)."""
        if self._classifier is None:
            raise ValueError("model_entities needs a model; this annotator is the rules alone")
        return self._model_entities(texts, _live(texts), progress)

    def _model_entities(self, texts: Sequence[str], live: list[int], progress: bool) -> list[list[Entity]]:
        """One list per text, empty for those not in ``live`` (the blank ones)."""
        out: list[list[Entity]] = [[] for _ in texts]
        if live:
            spans = self._classifier.predict_spans([texts[i] for i in live], progress=progress)
            for i, sp in zip(live, spans):
                out[i] = [Entity(s, e, lab, texts[i][s:e], sc) for s, e, lab, sc in sp]
        return out

    def _rule_entities(self, text: str, bar=None) -> Iterator[Entity]:
        """The rule engine's entities, window by window of whole paragraphs.

        The engine holds a view of everything it is given (about 200 bytes a character:
        1 GB for a 5 MB text), so a long input is fed in windows of
        :data:`RULES_WINDOW_CHARS`, longer than 99 % of news articles (12 KB), so that
        document-level evidence (a name seen as PERSON labels its later mentions) still
        covers an article; a text shorter than a window is read as before, in one piece.
        ``bar`` (tqdm) advances by each window's characters."""
        for a, b in iter_windows(text, RULES_WINDOW_CHARS):
            for r in self._rules.annotate(text[a:b]):
                s, e = r.start + a, r.end + a
                yield Entity(s, e, r.label, text[s:e], r.score)
            if bar is not None:
                bar.update(b - a)

    def _trusted_rule_entities(self, text: str) -> tuple[list[Entity], list[tuple[int, int]]]:
        """Hybrid mode: the rule spans a trusted function voted for (ranks always), and the
        plural or generic agency references (``Công an 3 tỉnh``) the guideline makes no entity."""
        decided, generic = self.rule_decisions(text)
        return [e for e, voters in decided if e.label == "RANK" or self._policy.trusts(voters)], generic

    def rule_decisions(self, text: str) -> tuple[list[tuple[Entity, tuple[str, ...]]], list[tuple[int, int]]]:
        """Hybrid mode: every rule span with the labeling functions that voted for it, read in
        the same windows of whole paragraphs as the rules backend, and the plural or generic
        agency references; a policy's trust is applied to them afterwards (so that policies
        can be compared on one reading: ``scripts/compare_hybrid.py``)."""
        out = []
        generic: list[tuple[int, int]] = []
        for a, b in iter_windows(text, RULES_WINDOW_CHARS):
            doc, labels = self._hybrid_rules.label_text(text[a:b])
            for para, pl in zip(doc.paragraphs, labels):
                generic.extend((a + para.start + s, a + para.start + e) for s, e in pl.generic)
                for k, ((s, e, lab), score) in enumerate(zip(pl.spans, pl.scores)):
                    voters = tuple(pl.decisions[k].voters) if k < len(pl.decisions) else ()
                    s2, e2 = a + para.start + s, a + para.start + e
                    out.append((Entity(s2, e2, lab, text[s2:e2], float(score)), voters))
        return out, generic


def _rule_engine(**kwargs):
    from .rules import RuleEngine

    return RuleEngine(**kwargs)


def get_annotator(model: ModelSpec = None, *, hybrid: bool = False, **kwargs) -> Annotator:
    """A cached :class:`Annotator` for ``model`` (loaded on first use, then reused)."""
    spec = resolve_model(model)
    key = (spec if spec == RULES else str(Path(spec).resolve()), bool(hybrid) and spec != RULES,
           tuple(sorted((k, v) for k, v in kwargs.items() if v is not None)))
    with _cache_lock:
        ann = _cache.get(key)
        if ann is None:
            ann = Annotator(spec, hybrid=hybrid, **kwargs)
            _cache[key] = ann
    return ann


def clear_cache() -> None:
    """Forget loaded annotators (e.g. after retraining into the same directory)."""
    with _cache_lock:
        _cache.clear()


def annotate(text, model: ModelSpec = None, *, hybrid: bool = False, progress: bool = False):
    """Entities in ``text`` (a str), or one list per text for a list of str.

    ``model``: a trained model directory, ``"rules"``, or None (``$ANNINH_MODEL``, else
    the rules). ``hybrid=True`` lets the rank lexicon override the model. Offsets always
    index the string you passed: ``text[e.start:e.end] == e.text``.
    """
    if isinstance(text, (list, tuple)):
        for i, t in enumerate(text):
            _check_text(t, f"text[{i}]")
    else:
        _check_text(text)
    return get_annotator(model, hybrid=hybrid).annotate(text, progress=progress)
