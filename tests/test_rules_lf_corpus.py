"""lf_corpus: corpus_gazetteer votes for names other articles of the corpus confirmed."""

from __future__ import annotations

from model.document import make_document
from model.rules import RuleEngine

from rules_helpers import votes


def test_corpus_gazetteer_labels_bare_mentions_confirmed_in_other_articles():
    eng = RuleEngine()
    articles = [make_document(f"Ngày {d}/5, Thống đốc Halvard Brekke cho biết đã họp.", f"a{d}") for d in range(1, 5)]
    gaz = eng.collect_corpus_gazetteer((doc, eng.label_document(doc)) for doc in articles)
    assert gaz.entries.get("halvard brekke", ("", 0))[0] == "PERSON"
    doc = make_document("Trong buổi họp, Halvard Brekke từ chối bình luận.", "b")
    assert RuleEngine().label_document(doc)[0].spans == []  # no cue: nothing
    pl = eng.label_document(doc)[0]
    assert [lab for _, _, lab in pl.spans] == ["PERSON"]
    assert [doc.paragraphs[0].text[s:e] for s, e, _ in pl.votes["corpus_gazetteer"]] == ["Halvard Brekke"]
