"""The named shapes and predicates the labeling functions share (model/rules/shapes.py) and
those the three long scanners were broken into (grammar.org_chain, lf_place's admin
context, lf_media.media_name_end): each on the example its docstring gives."""
from __future__ import annotations

from model.document import make_document
from model.rules import grammar, lf_media, lf_place, shapes
from model.rules.context import DocView, ParaView


def view_of(text: str) -> tuple[DocView, ParaView]:
    view = DocView.build(make_document(text, "t"))
    return view, view.paras[0]


def at(pv: ParaView, word: str, nth: int = 0) -> int:
    return [k for k, w in enumerate(pv.norm) if w == word][nth]


def words(pv: ParaView, i: int, j: int) -> str:
    return pv.text(i, j)


def test_person_starts_at_a_surname_and_a_name_syllable():
    _, pv = view_of("Ông Nguyễn Văn A đến Nghệ An rồi về Hà Nội.")
    assert shapes.person_starts(pv, at(pv, "Nguyễn"))
    assert not shapes.person_starts(pv, at(pv, "Nghệ"))  # no surname
    assert not shapes.person_starts(pv, at(pv, "Hà"))  # a weak surname before no middle name


def test_a_country_after_an_honorific_is_a_name_in_the_whole_article():
    view, pv = view_of("Bà Nga cho biết đã sang Nga công tác.")
    assert shapes.person_cue_before(pv, at(pv, "Nga"))
    assert not shapes.person_cue_before(pv, at(pv, "Nga", 1))
    assert shapes.countries_used_as_names(view) == {"nga"}
    view, _ = view_of("Đoàn công tác đã sang Nga và Pháp.")
    assert shapes.countries_used_as_names(view) == frozenset()


def test_cue_then_name_reads_the_name_after_its_cue_and_asks_keep():
    """A new rule in three lines: the shape, a cue category and a name reader."""
    after_rank = shapes.CueThenName(cue="rank", name_end=lambda pv, j: pv.name_run(j, 4))
    _, pv = view_of("Đại tá Nguyễn Văn An và Thiếu tá Lê Bình dự họp.")
    assert [words(pv, j, e) for j, e in after_rank.spans(pv)] == ["Nguyễn Văn An", "Lê Bình"]
    no_le = shapes.CueThenName(cue="rank", name_end=lambda pv, j: pv.name_run(j, 4),
                               keep=lambda pv, i, c, j, e: pv.low[j] != "lê")
    assert [words(pv, j, e) for j, e in no_le.spans(pv)] == ["Nguyễn Văn An"]


def test_known_surfaces_label_other_mentions_of_what_earlier_stages_found():
    view, pv = view_of("Huyện Cẩm Xuyên có mưa. Người dân Cẩm Xuyên và ông Cẩm Xuyên đi làm.")
    view.prior_spans = {0: [(1, 3, "LOCATION")]}
    shape = shapes.KnownSurfaces(collect=lambda v: {("cẩm", "xuyên")}, starts=lambda pv, k, taken: not taken[k],
                                 min_len=2, is_mention=lambda pv, k, e: not shapes.person_cue_before(pv, k))
    got = [words(pv, k, e) for _, k, e, _ in shape.votes(view, "LOCATION")]
    assert got == ["Cẩm Xuyên"]  # the mention after `ông` is a person's; the first is taken


def test_org_chain_joiners():
    _, pv = view_of("Sở Lao động - Thương binh & Xã hội và Sở GD&ĐT họp.")
    amp = at(pv, "&")
    assert grammar._amp_joins_words(pv, amp) and not grammar._glued_code_joins(pv, amp)
    glued = at(pv, "&", 1)
    assert grammar._glued_code_joins(pv, glued) and not grammar._amp_joins_words(pv, glued)
    assert grammar._dash_joins_words(pv, at(pv, "-"))
    _, pv = view_of("Phòng PC02 - Công an tỉnh Nghệ An")
    assert not grammar._dash_joins_words(pv, at(pv, "-"))  # a parent agency after the dash


def test_org_chain_stops_before_a_person_and_completes_a_lone_word():
    _, pv = view_of("Trường THCS Chu Văn An tổ chức lễ.")
    k = at(pv, "Chu")
    assert words(pv, k, grammar.org_chain(pv, k)) == "Chu"  # a full name ends a unit's name ...
    assert words(pv, k, grammar.org_chain(pv, k, people=True)) == "Chu Văn An"  # ... unless units bear them
    _, pv = view_of("Sở Du lịch Nghệ An vừa thông báo.")
    k = at(pv, "Du")
    assert words(pv, k, grammar.org_chain(pv, k)) == "Du lịch Nghệ An"  # a place inside, not the verb after
    _, pv = view_of("Viện Nghiên cứu chiến lược")
    k = at(pv, "Nghiên")
    assert words(pv, k, grammar.org_chain(pv, k)) == "Nghiên cứu"


def test_admin_context_guards():
    _, pv = view_of("Mưa lớn ở miền Nam và vùng ANTT của tỉnh BR-VT.")
    nam = at(pv, "Nam")
    assert lf_place._compass_or_time(pv, nam, nam + 1)
    antt = at(pv, "ANTT")
    assert lf_place._unknown_acronym(pv, antt, antt + 1)
    _, pv = view_of("Ông Bùi Đình Túy đến đình làng.")
    assert lf_place._middle_name_not_place_word(pv, at(pv, "Đình"))
    assert not lf_place._middle_name_not_place_word(pv, at(pv, "đình"))


def test_media_name_predicates():
    _, pv = view_of("theo trang Zing.vn và báo Tuổi trẻ, báo Hà Nội")
    z = at(pv, "Zing")
    assert lf_media._domain_end(pv, z) == z + 3
    assert lf_media.media_name_end(pv, z) == z + 3
    tuoi = at(pv, "Tuổi")
    assert lf_media._too_little_or_a_place(pv, tuoi, tuoi + 1)  # one Vietnamese word
    ha = at(pv, "Hà")
    assert lf_media._too_little_or_a_place(pv, ha, ha + 2)  # a place: left to the place rules
    _, pv = view_of("theo báo Người lao động, vụ việc")
    k = at(pv, "Người")
    assert words(pv, k, lf_media.media_name_end(pv, k)) == "Người lao động"


def test_admin_place_reads_the_place_after_its_word():
    _, pv = view_of("Công an tỉnh Nghệ An làm việc với các tỉnh bạn và thôn Hợp Đức.")
    k = at(pv, "tỉnh")
    m, e = grammar.admin_place(pv, k)
    assert (m, words(pv, m, e)) == (k + 1, "Nghệ An")
    m, e = grammar.admin_place(pv, at(pv, "tỉnh", 1))
    assert e == m  # `các tỉnh bạn`: the word, no name after it
    v = at(pv, "Công")
    assert grammar.admin_place(pv, v) == (v, v)  # no admin word here
    t = at(pv, "thôn")
    assert words(pv, *grammar.admin_place(pv, t, ("admin_division", "admin_place"))) == "Hợp Đức"
