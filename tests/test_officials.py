"""The officials linker (model.officials): ranks, posts and agencies of persons, with offsets."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from model import Entity, officials
from model.officials import Linker, Official
from model.text.tone import new_style_tone

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"


def ents(text: str, *spans: tuple[str, str], start: int = 0) -> list[Entity]:
    """Entities for the given (substring, label) pairs, each found after the previous one."""
    out, pos = [], start
    for sub, label in spans:
        k = text.index(sub, pos)
        out.append(Entity(k, k + len(sub), label, sub))
        pos = k + len(sub)
    return out


def one(recs: list[Official], name: str) -> Official:
    found = [r for r in recs if r.person.text == name]
    assert len(found) == 1, [r.person.text for r in recs]
    return found[0]


def summary(r: Official) -> tuple:
    return (r.rank.text if r.rank else None, [(p.post.text, p.agency_name) for p in r.posts])


def assert_offsets(text: str, recs: list[Official]) -> None:
    for r in recs:
        parts = [r.person, r.rank, r.sentence] + [x for p in r.posts for x in (p.post, p.agency, p.elided)]
        for part in parts:
            if part is not None:
                assert text[part.start:part.end] == part.text


# -- the seeds (done-when of the feature) ------------------------------------------------

SEED_FACTS = {
    "Lê Hồng Nam": ("Trung tướng", "Giám đốc", "Công an TP.HCM"),
    "Nguyễn Thanh Tuấn": ("đại tá", "Giám đốc", "Công an tỉnh Thừa Thiên - Huế"),
    "Lương Văn Bền": ("Đại tá", "Phó Giám đốc", "Công an TP Cần Thơ"),
    "Đinh Văn Nơi": ("Đại tá", "Giám đốc", "Công an tỉnh An Giang"),
    "Bùi Quang Thanh": ("Thiếu tướng", "Giám đốc", "Công an tỉnh Nghệ An"),
}


@pytest.fixture(scope="module")
def seed_records() -> dict[str, list[Official]]:
    out: dict[str, list[Official]] = {}
    for f in sorted(RAW.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        recs = officials(text)
        assert_offsets(text, recs)
        for r in recs:
            out.setdefault(r.name, []).append(r)
    return out


@pytest.mark.parametrize("name", sorted(SEED_FACTS))
def test_seed_officials_carry_rank_post_and_agency(seed_records, name):
    rank, post, agency = SEED_FACTS[name]
    recs = seed_records[name]
    assert any(r.rank is not None and r.rank.text.lower() == rank.lower()
               and any(p.post.text.lower() == post.lower() and p.agency_name == agency for p in r.posts)
               for r in recs), [summary(r) for r in recs]


def test_bui_quang_thanh_has_two_posts_and_the_elided_agency(seed_records):
    """``Ủy viên Ban Thường vụ Tỉnh ủy, Giám đốc Công an tỉnh``: the province is given earlier."""
    elided = [r for r in seed_records["Bùi Quang Thanh"] if any(p.elided for p in r.posts)]
    assert elided, "the mention with 'Giám đốc Công an tỉnh' was not linked"
    r = elided[0]
    assert [p.post.text for p in r.posts] == ["Ủy viên", "Giám đốc"]
    assert r.posts[0].agency_name == "Ban Thường vụ Tỉnh ủy"
    assert r.posts[1].elided.text == "Công an tỉnh" and r.posts[1].agency.text == "Công an tỉnh Nghệ An"
    assert r.posts[1].agency.start < r.person.start  # the antecedent before it


def test_lao_list_each_person_gets_its_own_item(seed_records):
    r = seed_records["Xẻng A Lun Năn Thạ Vông"][0]
    assert summary(r) == ("Đại tá", [("Phó Giám đốc", "Công an tỉnh Xiêng Khoảng"),
                                     ("Trưởng đoàn đại biểu", "Công an tỉnh Xiêng Khoảng")])
    assert r.posts[0].deputy


# -- shapes, with entities given ----------------------------------------------------------

def test_post_before_the_name_with_a_rank_after_a_comma():
    t = "Giám đốc Công an tỉnh Nghệ An, Đại tá Nguyễn Văn Hùng phát biểu."
    recs = officials(t, ents(t, ("Công an tỉnh Nghệ An", "AGENCY"), ("Đại tá", "RANK"), ("Nguyễn Văn Hùng", "PERSON")))
    assert [summary(r) for r in recs] == [("Đại tá", [("Giám đốc", "Công an tỉnh Nghệ An")])]
    assert recs[0].how == "rank+post-before"


def test_post_before_the_next_name_is_not_the_previous_persons():
    t = "Thủ tướng Nguyễn Xuân Phúc, Phó Chủ nhiệm Văn phòng Chính phủ Nguyễn Sỹ Hiệp vừa có văn bản."
    recs = officials(t, ents(t, ("Nguyễn Xuân Phúc", "PERSON"), ("Văn phòng Chính phủ", "AGENCY"),
                             ("Nguyễn Sỹ Hiệp", "PERSON")))
    assert summary(one(recs, "Nguyễn Xuân Phúc")) == (None, [("Thủ tướng", None)])
    assert summary(one(recs, "Nguyễn Sỹ Hiệp")) == (None, [("Phó Chủ nhiệm", "Văn phòng Chính phủ")])


def test_elided_agency_resolves_to_an_earlier_paragraph_and_stays_unresolved_without_one():
    t = "Công an tỉnh Quảng Trị tổ chức hội nghị.\n\nĐại tá Lê Văn A, Giám đốc Công an tỉnh, chủ trì."
    recs = officials(t, ents(t, ("Công an tỉnh Quảng Trị", "AGENCY"), ("Đại tá", "RANK"), ("Lê Văn A", "PERSON")))
    p = recs[0].posts[0]
    assert p.elided.text == "Công an tỉnh" and p.agency.text == "Công an tỉnh Quảng Trị"
    lone = "Đại tá Lê Văn A, Giám đốc Công an tỉnh, chủ trì."
    p = officials(lone, ents(lone, ("Đại tá", "RANK"), ("Lê Văn A", "PERSON")))[0].posts[0]
    assert p.agency is None and p.agency_name == "Công an tỉnh" and p.score < 0.6


def test_kiem_joins_posts_that_share_the_agency():
    t = "Đại tá Phan Văn Minh, Trưởng phòng Tham mưu kiêm người phát ngôn Công an tỉnh Huế cho biết."
    recs = officials(t, ents(t, ("Đại tá", "RANK"), ("Phan Văn Minh", "PERSON"), ("Công an tỉnh Huế", "AGENCY")))
    assert summary(recs[0]) == ("Đại tá", [("Trưởng phòng Tham mưu", "Công an tỉnh Huế"),
                                           ("người phát ngôn", "Công an tỉnh Huế")])


def test_foreign_official_post_of_a_place():
    t = "Cảnh sát trưởng Manila Oscar Albayalde nêu rõ thủ phạm là Jessie Javier."
    recs = officials(t, ents(t, ("Manila", "LOCATION"), ("Oscar Albayalde", "PERSON"), ("Jessie Javier", "PERSON")))
    assert [summary(r) for r in recs] == [(None, [("Cảnh sát trưởng", "Manila")])]


def test_former_and_deputy_flags_and_no_post_inside_words():
    t = "Ông Trần Văn B, nguyên Phó Giám đốc Sở Y tế Hà Nam, và bà C nói kinh tế tăng trưởng Trưởng thành."
    recs = officials(t, ents(t, ("Trần Văn B", "PERSON"), ("Sở Y tế Hà Nam", "AGENCY"), ("C", "PERSON")))
    assert len(recs) == 1
    p = recs[0].posts[0]
    assert p.post.text == "nguyên Phó Giám đốc" and p.former and p.deputy and p.agency_name == "Sở Y tế Hà Nam"


def test_a_bare_truong_without_agency_is_no_post():
    t = "Nguyễn Văn A, Trưởng nhóm, cho biết."
    assert officials(t, ents(t, ("Nguyễn Văn A", "PERSON"))) == []


def test_short_name_takes_the_full_name_of_the_article_but_initials_do_not():
    t = "Bí thư Đinh La Thăng làm việc. Bí thư Thăng hỏi. Bí thư Nguyễn Văn H. đến. Ông Nguyễn Văn Hùng về."
    recs = officials(t, ents(t, ("Đinh La Thăng", "PERSON"), ("Thăng", "PERSON"), ("Nguyễn Văn H.", "PERSON"),
                             ("Nguyễn Văn Hùng", "PERSON")))
    assert [r.name for r in recs] == ["Đinh La Thăng", "Đinh La Thăng", "Nguyễn Văn H."]


def test_nfd_and_old_tone_placement_give_the_same_links_with_their_own_offsets():
    t = "Đại uý Nguyễn Văn Hoà, Phó Đội trưởng Đội CSGT số 3, cho biết."
    spans = (("Đại uý", "RANK"), ("Nguyễn Văn Hoà", "PERSON"), ("Đội CSGT số 3", "AGENCY"))
    base = [summary(r) for r in officials(t, ents(t, *spans))]
    assert base == [("Đại uý", [("Phó Đội trưởng", "Đội CSGT số 3")])]
    nfd = unicodedata.normalize("NFD", t)
    recs = officials(nfd, ents(nfd, *((unicodedata.normalize("NFD", s), lab) for s, lab in spans)))
    assert_offsets(nfd, recs)
    assert [(r.rank.text, [p.post.text for p in r.posts]) for r in recs] == [
        (unicodedata.normalize("NFD", "Đại uý"), [unicodedata.normalize("NFD", "Phó Đội trưởng")])]
    new = new_style_tone(t)
    recs = officials(new, ents(new, *((new_style_tone(s), lab) for s, lab in spans)))
    assert_offsets(new, recs)
    assert len(recs) == 1 and recs[0].posts[0].agency_name == new_style_tone("Đội CSGT số 3")


def test_bad_input_is_a_clear_error_and_empty_text_no_record():
    with pytest.raises(TypeError, match="decode"):
        officials(b"bytes")
    assert officials("   ") == []
    assert Linker().link("", []) == []


def test_focus_mode_links_the_same_on_the_seeds():
    for f in sorted(RAW.glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        full = [(r.person, r.rank, r.posts) for r in officials(text)]
        assert [(r.person, r.rank, r.posts) for r in officials(text, focus=True)] == full, f.name


def test_focus_windows_surround_post_and_rank_words_and_end_on_whitespace():
    from model.officials.focus import windows

    filler = "tin tức " * 100
    t = filler + "Đại tá Lê Văn A nói. " + filler + "ông B, Giám đốc Sở X, đến. " + filler
    spans = windows(t, width=60)
    assert len(spans) == 2
    for (a, b), cue in zip(spans, ("Đại tá", "Giám đốc")):
        k = t.index(cue)
        assert a <= k - 50 and b >= k + len(cue) + 50 and b - a < 200
        assert (a == 0 or t[a - 1].isspace()) and (b == len(t) or t[b].isspace())
    assert windows("không có chức vụ nào ở đây") == []


def test_after_a_verb_only_the_last_post_of_a_chain_is_the_next_names():
    t = "Sau khi sa thải Giám đốc FBI, Tổng thống Mỹ Donald Trump gặp Ngoại trưởng Nga."
    recs = officials(t, ents(t, ("FBI", "AGENCY"), ("Mỹ", "LOCATION"), ("Donald Trump", "PERSON"), ("Nga", "LOCATION")))
    assert [summary(r) for r in recs] == [(None, [("Tổng thống", "Mỹ")])]


def test_a_ministers_portfolio_stays_in_the_post_before_the_name():
    t = "Ông Trump nhận thư, Thứ trưởng Tư pháp Rod Rosenstein cho rằng như vậy."
    recs = officials(t, ents(t, ("Trump", "PERSON"), ("Rod Rosenstein", "PERSON")))
    assert [(r.person.text, summary(r)) for r in recs] == [("Rod Rosenstein", (None, [("Thứ trưởng Tư pháp", None)]))]
