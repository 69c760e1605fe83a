"""credits.py: a photo credit or source tag holds no entity but a person's full name."""

from __future__ import annotations

from model.rules import RuleEngine

from rules_helpers import ents


def test_a_name_in_a_photo_credit_is_no_entity_but_a_persons_full_name():
    text = ("Đối tượng tại cơ quan điều tra (Ảnh: Công an TPHCM). Sau đó Công an TPHCM bắt giữ. "
            "Tang vật. Ảnh: Công an Hà Nam cung cấp. Hiện trường. Ảnh: Nguyễn Văn Bình.")
    got = ents(text)
    assert ("Công an TPHCM", "AGENCY") in got and got.count(("Công an TPHCM", "AGENCY")) == 1  # the body's
    assert ("Công an Hà Nam", "AGENCY") not in got and ("Hà Nam", "LOCATION") not in got
    assert ("Nguyễn Văn Bình", "PERSON") in got
    # a caption's subject, or the next sentence after a credit that lost its period, stays
    assert ("Công an TP Hải Phòng", "AGENCY") in ents("XEM CLIP: Công an TP Hải Phòng vừa triệt phá một đường dây.")
    doc, labels = RuleEngine().label_text(text)
    veto = [text[doc.paragraphs[0].start + s:doc.paragraphs[0].start + e] for s, e in labels[0].generic]
    assert "Công an TPHCM" in veto and "Công an Hà Nam" in veto  # kept out of the hybrid and self-training


def test_credits_hold_no_agency_mention_and_outlets_are_not_photographers():
    text = "Theo Tuổi Trẻ, vụ việc xảy ra. Nạn nhân được cấp cứu (Ảnh: Tuổi Trẻ)."
    assert ents(text) == [("Tuổi Trẻ", "AGENCY")]  # the credit is neither a propagated agency nor a person
