"""hmm.py: the HMM aggregator learns from the functions' votes without labels and decodes spans."""

from __future__ import annotations

from model.document import make_document
from model.rules import RuleEngine
from model.rules.hmm import HMMAggregator, ParagraphVotes

from rules_helpers import votes


def test_hmm_learns_from_votes_and_decodes_spans():
    eng = RuleEngine()
    docs = [make_document(f"Đại tá Lê Văn Bình{k}, Giám đốc Công an tỉnh Hà Giang, đến TP.HCM.", f"d{k}")
            for k in "ABCDEFGH"]
    paras = [ParagraphVotes(pl.token_offsets, pl.votes, pl.spans) for d in docs for pl in eng.label_document(d)]
    hmm = HMMAggregator(eng.names, dict(eng.weight), {f.name: f.labels for f in eng.functions}).fit(paras, n_iter=2)
    assert len(hmm.history) == 2 and hmm.history[1] >= hmm.history[0] - 1e-6  # EM does not decrease the likelihood
    spans, _ = hmm.predict(paras[0])
    text = docs[0].paragraphs[0].text
    assert [(text[s:e], lab) for s, e, lab in spans] == [
        ("Đại tá", "RANK"), ("Lê Văn BìnhA", "PERSON"), ("Công an tỉnh Hà Giang", "AGENCY"), ("TP.HCM", "LOCATION")]
    hmm_engine = RuleEngine(aggregation="hmm")
    hmm_engine.fit_hmm(docs)
    assert [e.label for e in hmm_engine.annotate(text)] == ["RANK", "PERSON", "AGENCY", "LOCATION"]
