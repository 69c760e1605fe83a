"""A learned aggregator: a hidden Markov model over the labeling functions' votes,
fitted without labels (the approach of skweak, Lison et al. 2021), in numpy.

Why: ``priority`` trusts a fixed order and ``vote`` fixed weights, both set by hand. The
HMM learns from the corpus itself how often each function agrees with the others, so a
function that fires often where nobody else does gets less say, and it smooths label
sequences (``I-PERSON`` only after ``B-/I-PERSON``).

Model: hidden states are the IOB2 tags (``O``, ``B-X``, ``I-X``); each labeling function
observes, at every token, the tag its own spans give that token (``O`` where it
abstains). Emissions are one tag-to-tag matrix per function, transitions one matrix;
both start from the functions' weights in ``rules.yaml`` and are re-estimated with
Baum-Welch (expectation-maximisation), each with a Dirichlet prior so that rare
functions keep their prior reliability. Decoding is Viterbi; spans come back as
character spans of the paragraph.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping, Sequence

import numpy as np

from model.labels import TAGS, spans_to_tags, tags_to_spans

from .settings import threshold

CharSpan = tuple[int, int, str]
TAG_ID = {t: i for i, t in enumerate(TAGS)}
S = len(TAGS)
_TINY = 1e-12


def _allowed_transitions() -> np.ndarray:
    """``I-X`` only after ``B-X`` or ``I-X`` (IOB2), as a 0/1 matrix [from, to]."""
    ok = np.ones((S, S))
    for j, t in enumerate(TAGS):
        if t.startswith("I-"):
            lab = t[2:]
            for i, f in enumerate(TAGS):
                ok[i, j] = 1.0 if f in (f"B-{lab}", f"I-{lab}") else 0.0
    return ok


@dataclass
class ParagraphVotes:
    """One paragraph for the HMM: token offsets, each function's char spans and, for
    fitting, the spans of a fixed aggregation (``priority``) that start the estimate."""

    tokens: Sequence[tuple[int, int]]
    votes: Mapping[str, Sequence[CharSpan]]
    reference: Sequence[CharSpan] = ()


@dataclass
class HMMAggregator:
    """Fit with :meth:`fit` on many paragraphs' votes, then :meth:`predict` one paragraph."""

    functions: list[str]
    weights: dict[str, float]
    labels_of: dict[str, tuple[str, ...]] = field(default_factory=dict)
    emission: np.ndarray | None = None  # [function, true tag, observed tag]
    transition: np.ndarray | None = None  # [from, to]
    start: np.ndarray | None = None
    history: list[float] = field(default_factory=list)  # log-likelihood per EM iteration

    # --- parameters -------------------------------------------------------------
    def _prior_emission(self) -> np.ndarray:
        """Each function's prior: right with probability ~ its weight when it fires,
        silent (``O``) often, since a function covers few of the entities."""
        K = len(self.functions)
        em = np.zeros((K, S, S))
        silent = float(threshold("hmm_prior_silence"))
        for k, name in enumerate(self.functions):
            w = float(self.weights.get(name, 0.8))
            own = {TAG_ID[f"{p}-{lab}"] for lab in self.labels_of.get(name, ()) for p in "BI"}
            for s in range(S):
                if s == 0:
                    em[k, 0, 0] = 1.0 - (1.0 - w) * 0.05
                    rest = [o for o in own]
                    for o in rest:
                        em[k, 0, o] = (1.0 - em[k, 0, 0]) / max(1, len(rest))
                elif s in own:
                    em[k, s, s] = (1.0 - silent) * w
                    em[k, s, 0] = silent
                    others = [o for o in own if o != s]
                    for o in others:
                        em[k, s, o] = (1.0 - silent) * (1.0 - w) / len(others)
                    if not others:
                        em[k, s, s] += (1.0 - silent) * (1.0 - w)
                else:  # a label this function never produces: it can only be silent or wrong
                    em[k, s, 0] = 0.95
                    for o in own:
                        em[k, s, o] = 0.05 / max(1, len(own))
                    if not own:
                        em[k, s, 0] = 1.0
            em[k] += _TINY
            em[k] /= em[k].sum(axis=1, keepdims=True)
        return em

    def _init(self) -> None:
        self.emission = self._prior_emission()
        ok = _allowed_transitions()
        tr = ok * 0.02
        for i in range(S):
            tr[i, 0] = 0.9 if ok[i, 0] else 0
        for lab_i in range(1, S, 2):  # B-X -> I-X likely
            tr[lab_i, lab_i + 1] = 0.5
            tr[lab_i + 1, lab_i + 1] = 0.4
        tr = tr * ok + _TINY
        self.transition = tr / tr.sum(axis=1, keepdims=True)
        st = np.full(S, 0.02)
        st[0] = 0.8
        for j, t in enumerate(TAGS):
            if t.startswith("I-"):
                st[j] = _TINY
        self.start = st / st.sum()

    # --- observations -------------------------------------------------------------
    def observe(self, pv: ParagraphVotes) -> np.ndarray:
        """Observed tag ids [token, function]."""
        T = len(pv.tokens)
        obs = np.zeros((T, len(self.functions)), dtype=np.int64)
        for k, name in enumerate(self.functions):
            spans = pv.votes.get(name) or ()
            if spans:
                obs[:, k] = [TAG_ID[t] for t in spans_to_tags(pv.tokens, spans)]
        return obs

    def _log_emit(self, obs: np.ndarray) -> np.ndarray:
        """log P(observations at t | tag) [token, tag]."""
        log_em = np.log(self.emission)  # K, S, S
        K = obs.shape[1]
        out = np.zeros((obs.shape[0], S))
        for k in range(K):
            out += log_em[k][:, obs[:, k]].T
        return out

    def _forward_backward(self, le: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
        """Posteriors [t, s], expected transitions [s, s] and the log-likelihood (scaled)."""
        T = le.shape[0]
        m = le.max(axis=1, keepdims=True)
        e = np.exp(le - m)
        alpha = np.zeros((T, S))
        c = np.zeros(T)
        a = self.start * e[0]
        c[0] = a.sum() + _TINY
        alpha[0] = a / c[0]
        tr = self.transition
        for t in range(1, T):
            a = (alpha[t - 1] @ tr) * e[t]
            c[t] = a.sum() + _TINY
            alpha[t] = a / c[t]
        beta = np.ones((T, S))
        xi = np.zeros((S, S))
        for t in range(T - 2, -1, -1):
            b = tr @ (e[t + 1] * beta[t + 1])
            xi += (alpha[t][:, None] * tr * (e[t + 1] * beta[t + 1])[None, :]) / c[t + 1]
            beta[t] = b / c[t + 1]
        gamma = alpha * beta
        gamma /= gamma.sum(axis=1, keepdims=True) + _TINY
        return gamma, xi, float(np.log(c).sum() + m.sum())

    def _reference_counts(self, data: list[tuple[np.ndarray, np.ndarray]], strength: float) -> tuple[np.ndarray, np.ndarray]:
        """Emission and transition counts read off the reference aggregation: where a
        function is silent or wrong against it, as a starting point for EM (a function
        that covers 5% of the persons is silent on the other 95%)."""
        K = len(self.functions)
        em = np.zeros((K, S, S))
        tr = np.zeros((S, S))
        for obs, ref in data:
            for k in range(K):
                np.add.at(em[k], (ref, obs[:, k]), 1.0)
            np.add.at(tr, (ref[:-1], ref[1:]), 1.0)
        em = (em + self._prior_emission() * strength)
        tr = (tr + self.transition * strength) * _allowed_transitions() + _TINY
        return em, tr

    def fit(self, paragraphs: Iterable[ParagraphVotes], n_iter: int | None = None, seed: int = 0) -> "HMMAggregator":
        """Start from the reference aggregation's counts, then Baum-Welch on (a sample
        of) the paragraphs that have at least one vote."""
        self._init()
        data = [(self.observe(p), np.array([TAG_ID[t] for t in spans_to_tags(p.tokens, p.reference)], dtype=np.int64))
                for p in paragraphs if len(p.tokens) and any(p.votes.values())]
        cap = int(threshold("hmm_fit_max_paragraphs"))
        if len(data) > cap:
            data = random.Random(seed).sample(data, cap)
        if not data:
            return self
        strength = float(threshold("hmm_prior_strength"))
        em_ref, tr_ref = self._reference_counts(data, strength)
        self.emission = em_ref / em_ref.sum(axis=2, keepdims=True)
        self.transition = tr_ref / tr_ref.sum(axis=1, keepdims=True)
        # EM re-estimates around the reference: its counts stay in as a prior, weighted
        ref_weight = float(threshold("hmm_reference_weight"))
        prior_em = em_ref * ref_weight
        prior_tr = tr_ref * ref_weight
        ok = _allowed_transitions()
        n_iter = int(threshold("hmm_iterations")) if n_iter is None else n_iter
        for _ in range(n_iter):
            em_counts = prior_em.copy()
            tr_counts = prior_tr.copy()
            st_counts = self.start * 10.0
            ll = 0.0
            for obs, _ref in data:
                gamma, xi, lp = self._forward_backward(self._log_emit(obs))
                ll += lp
                tr_counts += xi
                st_counts += gamma[0]
                for k in range(obs.shape[1]):
                    np.add.at(em_counts[k].T, obs[:, k], gamma)  # [observed, true] += posterior
            self.history.append(ll)
            self.emission = em_counts / em_counts.sum(axis=2, keepdims=True)
            tr = tr_counts * ok + _TINY
            self.transition = tr / tr.sum(axis=1, keepdims=True)
            self.start = st_counts / st_counts.sum()
        return self

    # --- decoding -----------------------------------------------------------------
    def viterbi(self, le: np.ndarray) -> list[int]:
        T = le.shape[0]
        lt = np.log(self.transition)
        delta = np.log(self.start) + le[0]
        back = np.zeros((T, S), dtype=np.int64)
        for t in range(1, T):
            scores = delta[:, None] + lt
            back[t] = scores.argmax(axis=0)
            delta = scores.max(axis=0) + le[t]
        path = [int(delta.argmax())]
        for t in range(T - 1, 0, -1):
            path.append(int(back[t][path[-1]]))
        return path[::-1]

    def predict(self, pv: ParagraphVotes) -> tuple[list[CharSpan], list[float]]:
        """Character spans and their mean posterior probability."""
        if self.emission is None:
            self._init()
        if not len(pv.tokens) or not any(pv.votes.values()):
            return [], []
        le = self._log_emit(self.observe(pv))
        path = self.viterbi(le)
        gamma, _, _ = self._forward_backward(le)
        spans, scores = [], []
        for i, j, lab in tags_to_spans([TAGS[s] for s in path]):
            spans.append((pv.tokens[i][0], pv.tokens[j - 1][1], lab))
            scores.append(round(float(np.mean([gamma[t, path[t]] for t in range(i, j)])), 4))
        return spans, scores

    # --- inspection ---------------------------------------------------------------
    def reliability(self) -> dict[str, float]:
        """Per function: P(its tag is right | it fired), averaged over what it emits."""
        out = {}
        if self.emission is None:
            return out
        for k, name in enumerate(self.functions):
            em = self.emission[k]
            fired = em[:, 1:].sum()
            right = sum(em[s, s] for s in range(1, S))
            out[name] = round(float(right / fired), 4) if fired > 0 else 0.0
        return out

    def to_json(self) -> dict:
        return {"functions": self.functions, "emission": self.emission.round(6).tolist(),
                "transition": self.transition.round(6).tolist(), "start": self.start.round(6).tolist(),
                "log_likelihood": [round(x, 2) for x in self.history]}

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json()) + "\n", encoding="utf-8")
