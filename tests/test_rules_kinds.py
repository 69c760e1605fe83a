"""The kinds of mention added for real police news (issue 9), each on invented sentences
(no text from the seeds or from ../shared/gold): every test names the function that must
find the mention, so it fails when that function is removed or broken."""
import pytest

from model.document import make_document
from model.rules import RuleEngine
from model.rules.hmm import HMMAggregator, ParagraphVotes


def ents(text: str, functions=None) -> list[tuple[str, str]]:
    return [(e.text, e.label) for e in RuleEngine(functions=functions).annotate(text)]


def only(label: str, text: str, functions=None) -> list[str]:
    return [t for t, lab in ents(text, functions) if lab == label]


# --- PERSON ---------------------------------------------------------------------------

def test_signature_after_the_last_sentence():
    text = "Công an huyện đang điều tra làm rõ vụ việc. Lam Khuê – Tường Vi Theo Báo Mới"
    assert only("PERSON", text, ["person_signature"]) == ["Lam Khuê", "Tường Vi"]
    assert only("PERSON", "Vụ việc đang được điều tra. Nguồn: Dân Việt", ["person_signature"]) == []
    assert only("PERSON", "Vụ việc đang được điều tra. Tổng hợp Kiều Oanh (TTXVN)", ["person_signature"]) == ["Kiều Oanh"]
    assert only("PERSON", "Vụ việc đang được điều tra. Khánh Hòa", ["person_signature"]) == []  # a place


def test_foreign_names_after_a_title_or_before_a_speech_verb():
    text = ("Thị trưởng Bangkok Carlos Mendoza khẳng định đã tăng cường an ninh. "
            "Phát ngôn viên Anatoly Petrov nói. Tay súng Kevin Doyle bị bắt, Marcus Webb cho biết.")
    assert only("PERSON", text, ["person_foreign_name"]) == [
        "Carlos Mendoza", "Anatoly Petrov", "Kevin Doyle", "Marcus Webb"]
    # brands, media and titles in the same shapes are not persons
    assert only("PERSON", "Ông chủ The Morning Post cho biết. Tổng thống Pháp Louis Moreau nói.",
                ["person_foreign_name"]) == ["Louis Moreau"]


def test_a_foreign_office_holder_named_by_the_surname_alone():
    fn = ["person_foreign_after_office"]
    text = ("Tổng thống Kowalski đã ký sắc lệnh. Ngoại trưởng Ba Lan Nowak nói. "
            "Thủ tướng Brennan gặp Đại sứ Lindqvist.")
    assert only("PERSON", text, fn) == ["Kowalski", "Nowak", "Brennan", "Lindqvist"]
    # a place, a Vietnamese word, a company head, a longer name, a name with a particle
    assert only("PERSON", "Thị trưởng London cho biết. Thủ tướng Chính phủ chỉ đạo. Giám đốc Zentrix nói. "
                "Tổng thống Carlos Mendoza nói. Tổng thống Luiz da Costa nói. tổng thống Kowalski", fn) == []


def test_a_foreign_surname_alone_is_the_person_named_earlier():
    text = "Cảnh sát trưởng Rodrigo Palacios cho biết. Theo ông Palacios, nghi phạm đã bỏ trốn."
    assert "Palacios" in only("PERSON", text)
    assert "Palacios" not in only("PERSON", text, ["person_foreign_name"])  # propagation did it


def test_privacy_names_keep_their_period_and_propagate():
    text = "Người dân phát hiện bà K.T.L. tử vong. Ông Kh. cho hay bà K.T.L. sống một mình."
    assert only("PERSON", text) == ["K.T.L.", "Kh.", "K.T.L."]


def test_given_name_alone_is_its_own_function():
    text = "Đối tượng Hoàng Văn Khải bị bắt. Tại cơ quan điều tra, Khải khai nhận."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Hoàng Văn Khải", "Khải"]
    assert only("PERSON", text, ["person_surname", "person_propagation"]) == ["Hoàng Văn Khải"]


def test_the_last_two_syllables_of_a_full_name_are_that_person():
    fn = ["person_surname", "person_propagation"]
    text = ("Tòa tuyên phạt Trịnh Quốc Bảo (SN 1996) 3 năm tù. Tối hôm đó, Lâm nhờ Quốc Bảo chở về nhà. "
            "Quốc Bảo biết rõ Lâm mang dao.")
    assert only("PERSON", text, fn) == ["Trịnh Quốc Bảo", "Quốc Bảo", "Quốc Bảo"]
    # the same two syllables after a place word are the place; `Văn X` stands for nobody
    text = "Bà Vũ Thanh Hòa quê ở huyện Thanh Hòa. Ông Lý Văn Kiên đến, Văn Kiên đứng chờ."
    assert only("PERSON", text, fn) == ["Vũ Thanh Hòa", "Lý Văn Kiên"]
    # at a sentence start an honorific before the given name is not the name's first syllable
    text = "Công an triệu tập Đặng Anh Khoa. Anh Khoa sau đó khai nhận."
    assert only("PERSON", text, fn) == ["Đặng Anh Khoa"]
    assert only("PERSON", "Công an triệu tập Đặng Anh Khoa. Sau đó Anh Khoa khai nhận.", fn) == [
        "Đặng Anh Khoa", "Anh Khoa"]


def test_the_name_after_ten_whatever_noun_comes_before():
    fn = ["person_after_name_word"]
    text = ("Ông Hào cãi nhau với một phụ nữ hàng xóm tên Trâm (23 tuổi). Đối tượng đâm bảo vệ tên là Quý. "
            "Hàng được giao cho một đối tượng có tên là Mập.")
    assert only("PERSON", text, fn) == ["Trâm", "Quý", "Mập"]
    # a thing's name: a school named after someone, a company, a Facebook page
    text = ("Trường mang tên Lê Lợi. Một công ty có tên Giải pháp Xanh. Trang Facebook có tên Yêu Biển chia sẻ clip. "
            "Tàu bị chìm tên là Việt Hưng 05.")
    assert only("PERSON", text, fn) == []


def test_a_middle_name_like_given_name_alone_before_a_verb_of_a_subject():
    text = "Công an bắt giữ Lê Bá Hoài (32 tuổi). Sau đó Hoài được đưa đi cấp cứu, Hoài về nhà."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Lê Bá Hoài", "Hoài", "Hoài"]
    # with no verb after it, a middle-name-like word alone stays out (`người Hoài khó chịu`)
    text = "Công an bắt giữ Lê Bá Hoài (32 tuổi). Thuốc ngấm vào người Hoài khó chịu."
    assert only("PERSON", text, ["person_surname", "person_given_name"]) == ["Lê Bá Hoài"]


# --- AGENCY ---------------------------------------------------------------------------

def test_a_capitalised_admin_word_after_a_unit_name_starts_its_place():
    text = "Sở Y tế Thành phố Hồ Chí Minh yêu cầu các bệnh viện. Ban Biên tập Báo An ninh Thủ đô đã cử cán bộ."
    assert only("AGENCY", text) == ["Sở Y tế Thành phố Hồ Chí Minh", "Ban Biên tập Báo An ninh Thủ đô"]


def test_a_brand_takes_the_province_that_names_its_branch():
    text = "Khách gửi tiền tại chi nhánh Vietcombank Trà Vinh. Anh lừa qua Facebook Việt Nam và Grab."
    assert only("AGENCY", text, ["agency_brand"]) == ["Vietcombank Trà Vinh", "Facebook", "Grab"]


def test_district_police_abbreviations_are_named_by_their_place():
    text = "Vụ việc đang được CAQ Kim Mã điều tra. CAH Tân Lạc vào cuộc. Cơ quan CAQ đã phối hợp."
    assert only("AGENCY", text) == ["CAQ Kim Mã", "CAH Tân Lạc"]
    # the abbreviation holds the admin word: the place runs to its whole name, beyond the
    # gazetteer's shorter entry, and stops before a person
    text = "CAP Thanh Xuân Bắc và CAT Bắc Ninh vào cuộc. CAX Tam Quang Nguyễn Văn Hòa cho biết."
    assert only("AGENCY", text) == ["CAP Thanh Xuân Bắc", "CAT Bắc Ninh", "CAX Tam Quang"]


def test_armed_groups_after_a_cue_and_their_acronym():
    text = ("Phiến quân thân tổ chức khủng bố al-Shabaab tấn công. Lực lượng tự xưng Quân đội Giải phóng "
            "Miền Tây (QGM) nhận trách nhiệm. Nhóm khủng bố Zarqa bắt cóc 3 người.")
    got = only("AGENCY", text)
    assert "al-Shabaab" in got and "Zarqa" in got and "QGM" in got
    assert only("AGENCY", "phiến quân Syria và phiến quân Hồi giáo", ["agency_armed_group"]) == []


def test_acronym_in_brackets_then_alone_later():
    text = "Tổ chức Bảo vệ Rừng Núi (LBM) cho biết. Sau đó, LBM đã gửi văn bản."
    got = only("AGENCY", text, ["agency_group_head", "agency_pattern", "agency_acronym", "agency_propagation"])
    assert got.count("LBM") == 2


def test_organisations_with_a_capitalised_head():
    assert only("AGENCY", "Tổ chức Y tế Thế giới cho biết.", ["agency_group_head"]) == ["Tổ chức Y tế Thế giới"]
    assert only("AGENCY", 'Tổ chức "Mặt trời Đen" đứng sau vụ việc.', ["agency_group_head"]) == [
        'Tổ chức "Mặt trời Đen"']


def test_media_in_the_body_descriptor_inside_only_when_capitalised():
    text = "Hãng tin KNA dẫn lời cảnh sát. Theo báo Đời Mới, tờ The Morning Post đưa tin. Reuters đưa tin."
    got = only("AGENCY", text, ["agency_media", "agency_media_subject"])
    assert got == ["Hãng tin KNA", "Đời Mới", "The Morning Post", "Reuters"]
    assert only("AGENCY", "Ông Tư trình báo Công an xã.", ["agency_media"]) == []


def test_companies_and_banks_with_their_legal_form_and_trade_words():
    text = "Công ty TNHH thương mại dịch vụ Phú Khang lừa đảo. Ngân hàng TMCP Đông Hải cho vay."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Công ty TNHH thương mại dịch vụ Phú Khang", "Ngân hàng TMCP Đông Hải"]
    # a full name right after a plain company head is the director, not a company
    assert only("AGENCY", "Giám đốc Công ty Trần Văn Lộc cho biết.", ["agency_pattern"]) == []
    assert only("AGENCY", "Công ty TNHH đã bị phạt.", ["agency_pattern"]) == []
    # two trades joined by `và` inside the name; another company or a place after `và` is not
    text = "Công ty CP Đầu tư và Xây dựng Tây Trường Sơn bị phạt. Công ty Minh Anh và Công ty Sông Đà và Hà Nội."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Công ty CP Đầu tư và Xây dựng Tây Trường Sơn", "Công ty Minh Anh", "Công ty Sông Đà"]


def test_schools_and_hospitals_named_after_people():
    text = "Học sinh Trường THCS Lương Thế Vinh và Bệnh viện Lê Văn Thịnh."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Trường THCS Lương Thế Vinh", "Bệnh viện Lê Văn Thịnh"]


def test_police_abbreviations_and_codes_with_their_parent():
    text = "CSGT TP Cần Thơ phối hợp với PC02-Công an tỉnh Bạc Liêu và CATP Đà Nẵng."
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "CSGT TP Cần Thơ", "PC02-Công an tỉnh Bạc Liêu", "CATP Đà Nẵng"]
    assert only("AGENCY", "Vụ việc do cơ quan CSĐT Công an huyện Đông Anh thụ lý; cơ quan CSĐT đang làm rõ.",
                ["agency_pattern"]) == ["cơ quan CSĐT Công an huyện Đông Anh"]


def test_forces_and_governments_of_a_country_in_lower_case():
    text = "cảnh sát Bỉ và lực lượng cảnh sát quốc gia Peru phối hợp; Chính phủ Chile lên tiếng."
    assert only("AGENCY", text, ["agency_pattern"]) == ["cảnh sát Bỉ", "cảnh sát quốc gia Peru", "Chính phủ Chile"]
    assert only("AGENCY", "Thủ tướng Chính phủ chỉ đạo Bộ Tư pháp.", ["agency_pattern"]) == ["Bộ Tư pháp"]


def test_ampersand_inside_a_unit_name():
    text = "Sở Lao động Thương binh & Xã hội tỉnh Lạng Sơn thông báo."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Sở Lao động Thương binh & Xã hội tỉnh Lạng Sơn"]


# --- LOCATION -------------------------------------------------------------------------

def test_a_place_named_with_its_admin_word_labels_its_bare_mentions():
    fn = ["place_admin_context", "agency_pattern", "agency_institution_lower", "place_propagation"]
    text = ("Nhóm thanh niên náo loạn quốc lộ ở Kỳ Phong. Công an huyện Kỳ Phong đã vào cuộc. "
            "Tỉnh yêu cầu dừng khai thác cát tại các khu vực: Tam Lộc, Kỳ Phong. Trước đó, xã Tam Lộc đã kiểm tra.")
    assert only("LOCATION", text, fn) == ["Kỳ Phong", "Tam Lộc", "Kỳ Phong", "Tam Lộc"]
    assert only("LOCATION", text, ["place_admin_context", "agency_pattern"]) == ["Tam Lộc"]


def test_an_international_airport_and_a_forest_are_place_words():
    text = "Nghi phạm bị bắt tại sân bay quốc tế Haneda. Nhóm lâm tặc phá rừng Cả Lũng."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Haneda", "Cả Lũng"]


def test_the_street_after_a_house_number():
    text = ("Khách về khách sạn (số 10 Bát Đàn, quận Hoàn Kiếm). Đám tang tại nhà số 59/9 Trương Phước Phan. "
            "Công an ập vào số nhà 56 A, đường Lê Văn Huân. Theo quyết định số 12 ngày 3/5.")
    assert only("LOCATION", text, ["place_house_number"]) == ["Bát Đàn", "Trương Phước Phan"]


def test_place_propagation_stays_out_of_names_people_and_pairs():
    fn = ["place_admin_context", "agency_pattern", "agency_institution_lower", "place_propagation"]
    # an institution named after the place, an honorific before it, a dashed pair, a credit
    text = ("Xã Hòa Nam có 3 trường. Thầy giáo trường THCS Hòa Nam bị bắt, ông Hòa Nam nói. "
            "Trạm thu phí Hòa Nam - An Lạc thu tiền. Tàu vào Cảng hàng không quốc tế Hòa Nam.")
    # (the airport, its site word capitalised, is one place of its own: no bare `Hòa Nam` in it)
    assert only("LOCATION", text, fn) == ["Hòa Nam", "Cảng hàng không quốc tế Hòa Nam"]


def test_structures_and_sites_with_the_descriptor_outside():
    text = "Nạn nhân rơi từ cầu Bãi Cháy; nhóm bỏ trốn qua bến xe Mỹ Đình tới khu dân cư Cồn Khương."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Bãi Cháy", "Mỹ Đình", "Cồn Khương"]
    assert only("LOCATION", "Bộ yêu cầu Công an tỉnh báo cáo.", ["place_admin_context"]) == []


def test_short_country_names_by_context():
    text = "Tổng thống Nga phát biểu; tình báo Mỹ và giới chức Anh lên tiếng."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Nga", "Mỹ", "Anh"]
    # an article that uses the word as a person's name keeps it a person except after `sang`/`tại`
    text = "Bà Nga bị bắt. Giữa Nga và Dung có mâu thuẫn. Trước đó Nga sống tại Nga."
    assert only("LOCATION", text, ["place_gazetteer"]) == ["Nga"]


# --- corpus evidence and the learned aggregator ------------------------------------

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


def test_rules_yaml_holds_priorities_and_a_new_function_gets_defaults():
    from model.rules.settings import function_settings, threshold

    assert function_settings("agency_pattern")["priority"] < function_settings("person_surname")["priority"]
    assert function_settings("person_propagation")["stage"] == 2
    assert function_settings("a_function_not_in_the_file") == {"priority": 50, "weight": 0.8, "stage": 1,
                                                              "default": True}
    assert threshold("agency_max_nesting") == 3
    with pytest.raises(ValueError, match="threshold 'nope'"):
        threshold("nope")


def test_lexicons_are_discovered_and_declare_their_category():
    from model.rules.lexicon import categories, lexicon_names

    assert {"media_cues", "agency_group_cues", "foreign_name_cues", "signature_cues"} <= set(lexicon_names())
    assert categories()["media_head"] == ("media_cues", "head", "cased")
    assert categories()["rank"] == ("ranks", None, "any-case")
    assert categories()["named"] == ("agency_named", None, "first-cased")


def test_cue_lexicons_list_no_name_from_the_shared_police_gold():
    """The rules are measured on ../shared/gold/dev-police and judged on articles we do not
    have: the cue lexicons written for them must not list any of its entity mentions."""
    import json

    from model.rules import load_lexicon
    from model.text.normalize import norm_key
    from train.evaluation.gold_sets import dev_police

    path = dev_police()
    if path is None:
        pytest.skip("../shared/gold/dev-police.gold.jsonl is not here")
    cue_files = ["media_cues", "agency_group_cues", "foreign_name_cues", "signature_cues", "agency_people_named",
                 "place_cues", "person_cues", "agency_cues", "function_words"]
    entries = {norm_key(e) for name in cue_files for e in load_lexicon(name)}
    names = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        names |= {norm_key(g["text"][s:e]) for s, e, _ in g["entities"]}
    # one-syllable names (`Tài`, `Huỳnh`) are also ordinary words of these lists (`tài chính`)
    names = {x for x in names if " " in x or "-" in x or x.isascii()}
    assert not (entries & names)


def test_compass_regions_and_times_of_day_are_not_places():
    text = "Mưa lớn ở miền Nam và phía Bắc; xe đi từ hướng Krông Pắc về Pleiku. Xác trôi trên sông Chiều ngày 3/4."
    assert only("LOCATION", text, ["place_admin_context"]) == ["Krông Pắc"]


def test_roles_of_crime_and_celebrity_news_introduce_a_person():
    text = "Cảnh sát bắt hotgirl Thu Vy cùng bạn trai Lò Văn Khởi và ông trùm Tám Lùn. Sau đó Thu Vy khai nhận."
    assert only("PERSON", text, ["person_after_honorific"]) == ["Thu Vy", "Lò Văn Khởi", "Tám Lùn"]
    assert only("PERSON", text).count("Thu Vy") == 2


def test_what_is_done_at_a_hospital_is_not_part_of_its_name():
    text = "Nạn nhân được đưa đến Bệnh viện Đa khoa Hồng Ngọc cấp cứu, sau chuyển Bệnh viện Xanh Pôn điều trị."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Bệnh viện Đa khoa Hồng Ngọc", "Bệnh viện Xanh Pôn"]


def test_a_credit_with_an_initial_is_a_person_not_a_glued_district():
    text = "Hiện trường vụ việc. Ảnh: H.Khoa Sau đó, người dân ở Q.Gò Vấp trình báo."
    assert ents(text, ["person_credit", "place_glued_admin"]) == [("H.Khoa", "PERSON"), ("Q.Gò Vấp", "LOCATION")]


def test_a_title_in_a_capitals_headline_needs_a_surname_after_it():
    assert only("PERSON", "BẢO VỆ NHÀ BÁO TÁC NGHIỆP ĐÚNG LUẬT", ["person_after_title"]) == []


def test_unit_names_may_hold_words_that_are_never_names_alone():
    text = "Vụ việc được gửi lên Tòa án Hiến pháp; nạn nhân nằm ở Bệnh viện Thể thao Việt Nam. Vụ TNGT xảy ra."
    assert only("AGENCY", text, ["agency_pattern"]) == ["Tòa án Hiến pháp", "Bệnh viện Thể thao Việt Nam"]


def test_a_short_country_name_used_as_a_given_name_is_that_person():
    text = "Hồ Thị Mỹ bị bắt. Cơ quan điều tra làm việc với Mỹ và Dung. Trước đó Mỹ khai nhận đã sang Mỹ."
    got = ents(text)
    assert got.count(("Mỹ", "PERSON")) == 2 and got.count(("Mỹ", "LOCATION")) == 1
    assert ents("Vụ nổ ở Flint (bang Michigan, Mỹ) làm 2 người bị thương.", ["place_gazetteer"]) == [("Mỹ", "LOCATION")]


def test_given_names_after_a_title_and_at_the_end_of_a_list():
    text = "Luật sư Đỗ Minh Khôi nhận lời. Luật sư Khôi nói. Lê Văn Tám bị bắt; Tám, Hào và Lực đuổi đánh anh Quý."
    got = only("PERSON", text)
    assert got.count("Khôi") == 1 and "Hào" in got and "Lực" in got


def test_foreign_names_leave_vietnamese_words_and_buildings_out():
    text = "Thư ký báo chí Nhà Trắng Sean Brody cho rằng. Ông Ivanov đang ở Điện Kremlin nói thêm. Nghệ sĩ Thu Lan nói."
    assert only("PERSON", text, ["person_foreign_name"]) == ["Sean Brody"]
    assert "Thu Lan" in only("PERSON", text, ["person_after_title"])


def test_aliases_and_nicknames():
    text = ('Trần Văn Tý (tức Tý "điên", 40 tuổi) bị bắt. Sau đó Tý "điên" đã khai. Khi bực tức Quang bỏ đi. '
            'Vũ Minh Lộc (biệt danh Lộc Lửa) cũng bị bắt.')
    got = only("PERSON", text)
    assert got.count('Tý "điên"') == 2 and "Lộc Lửa" in got and "Quang" not in got
    got = only("PERSON", 'Nguyễn Văn Tuấn bị bắt. Sau đó anh Tuấn "xin" tiền bị hại.')
    assert "Tuấn" in got and 'Tuấn "xin"' not in got  # a verb in scare quotes is not a nickname


def test_no_person_of_the_shared_police_gold_is_named_anywhere_in_the_rules():
    """Not in a list, and not as a comment's example either: examples are invented."""
    import json
    import unicodedata
    from pathlib import Path

    from train.evaluation.gold_sets import dev_police

    path = dev_police()
    if path is None:
        pytest.skip("../shared/gold/dev-police.gold.jsonl is not here")
    people = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        people |= {g["text"][s:e] for s, e, lab in g["entities"] if lab == "PERSON"}
    # generic initials (`H.`, `Th.`) are everyone's; whole names and initial sets are not
    people = {unicodedata.normalize("NFC", p) for p in people
              if len(p.replace(".", "").replace(" ", "")) >= 3 and (" " in p or "." in p or len(p) >= 6)}
    rules = Path(__file__).resolve().parents[1] / "model" / "rules"
    found = {}
    for f in rules.rglob("*"):
        if f.is_file() and f.suffix in (".py", ".txt", ".yaml", ".md"):
            text = unicodedata.normalize("NFC", f.read_text(encoding="utf-8"))
            for p in people:
                if p in text:
                    found.setdefault(p, []).append(f.name)
    assert not found, found


# --- found on real news held out from the rules (issue 8) --------------------------------

def test_hospitals_and_schools_with_their_kind_in_lower_case_or_abbreviated():
    text = ("Nạn nhân được đưa tới Bệnh viện đa khoa Trường An, sau đó chuyển lên BV Hồng Phúc. "
            "Học sinh Trường tiểu học Sao Mai được nghỉ.")
    assert only("AGENCY", text, ["agency_pattern"]) == [
        "Bệnh viện đa khoa Trường An", "BV Hồng Phúc", "Trường tiểu học Sao Mai"]


def test_a_lower_case_hospital_or_school_head_stays_outside_the_name():
    fn = ["agency_institution_lower"]
    text = "Anh được đưa vào bệnh viện Hồng Phúc. Hiệu trưởng trường tiểu học Sao Mai cho biết."
    assert only("AGENCY", text, fn) == ["Hồng Phúc", "Sao Mai"]
    # no name after the head, or `trường` without a school level: nothing
    assert only("AGENCY", "Anh được đưa vào bệnh viện tỉnh. Tại hiện trường Công an làm việc.", fn) == []


def test_a_known_outlet_after_a_cue_is_an_agency_but_not_in_a_credit():
    fn = ["agency_media_outlet"]
    text = "Theo Tuổi Trẻ, vụ việc xảy ra lúc 9h. Trao đổi với PV Tiền Phong, ông A nói. VTV đưa tin thêm."
    assert only("AGENCY", text, fn) == ["Tuổi Trẻ", "Tiền Phong", "VTV"]
    # a credit, or the same words as ordinary words without a cue, are not entities
    assert only("AGENCY", "Nạn nhân tại hiện trường (Ảnh: Tuổi Trẻ). Ảnh VTV. Tuổi Trẻ là tài sản.", fn) == []
    # `nguồn tin của` is a cue, not a credit
    assert only("AGENCY", "Một nguồn tin của Dân Việt cho hay.", fn) == ["Dân Việt"]


def test_services_and_companies_in_any_case_outside_credits():
    fn = ["agency_brand"]
    text = "Đối tượng lừa qua facebook và Zalo, rồi gọi Grab bỏ trốn, chuyển tiền qua Vietcombank."
    assert only("AGENCY", text, fn) == ["facebook", "Zalo", "Grab", "Vietcombank"]
    assert only("AGENCY", "Hình ảnh hiện trường (Ảnh: Facebook).", fn) == []


def test_a_list_of_units_after_one_division_word_and_both_streets_of_a_junction():
    fn = ["place_admin_context"]
    text = "Cửa hàng tại phường Tân Mỹ, Phú Hòa và An Lạc bị cướp. Tai nạn ở ngã ba Lý Thường Kiệt - Hai Bà Trưng."
    assert only("LOCATION", text, fn) == ["Tân Mỹ", "Phú Hòa", "An Lạc", "Lý Thường Kiệt", "Hai Bà Trưng"]
    # a person or another level after the comma is not part of the list
    text = "Anh trú tại phường Tân Mỹ, Nguyễn Văn Hòa cho biết. Chị ở xã Phú Hòa, huyện Yên Phong."
    assert only("LOCATION", text, fn) == ["Tân Mỹ", "Phú Hòa", "Yên Phong"]


def test_a_short_address_after_an_address_word_ending_in_a_province():
    fn = ["place_parenthetical"]
    assert only("LOCATION", "Chị Lan (SN 1990 ở Yên Phong, Bắc Ninh) bị ngã.", fn) == ["Yên Phong"]
    assert only("LOCATION", "Anh Hòa quê Diễn Châu, Nghệ An đã bỏ trốn.", fn) == ["Diễn Châu"]
    # the last item must be a province or country
    assert only("LOCATION", "Sau khi ở Hà Nội, Nguyễn Văn Hòa về quê.", fn) == []


def test_an_address_read_from_the_street_down_to_a_known_place():
    fn = ["place_parenthetical"]
    # an admin item opens the chain; a district of the gazetteer may end it
    assert only("LOCATION", "Anh T. (trú tại thôn Hợp Đức, Hương Minh, Vũ Quang) bị bắt.", fn) == ["Hương Minh"]
    assert only("LOCATION", "Quán trong ngõ 219, đường Trung Kính, Yên Hòa, Cầu Giấy, Hà Nội.", fn) == ["Yên Hòa"]
    # a house number names the street after it; a street named after a person is a place
    assert only("LOCATION", "Diệp (SN 1985 ở 24 Hàng Muối, Hoàn Kiếm) hành hung chị.", fn) == ["Hàng Muối"]
    assert only("LOCATION", "Giao dịch (quán cafe ở Nguyễn Quý Đức, Hà Nội) bị phát hiện.", fn) == ["Nguyễn Quý Đức"]
    assert only("LOCATION", "Sơn (SN 1994, quê quán Đức Sơn, huyện Anh Sơn, Nghệ An) bị bắt.", fn) == ["Đức Sơn"]
    # a hyphen glued on both sides joins one name; a district ends no chain a cue did not open
    assert only("LOCATION", "Công an huyện Si-Ma-Cai, Lào Cai cho biết.", fn) == []
    assert only("LOCATION", "Bác sĩ Hải, Nguyễn Văn Hòa, Cầu Giấy cùng đến.", fn) == []


def test_a_weak_surname_before_thi_starts_a_name_and_its_given_name_then_counts_alone():
    text = "Trang quen Đồng Thị Mai Lan ở Malaysia. Sau đó Lan mời Trang tham gia. Lan biết việc này."
    got = only("PERSON", text)
    assert got.count("Đồng Thị Mai Lan") == 1 and got.count("Lan") == 2


def test_deputies_by_their_abbreviated_title():
    text = "ĐB Lưu Hoàng Long cho rằng như vậy. Bên lề QH, ĐB Long nói thêm."
    assert only("PERSON", text) == ["Lưu Hoàng Long", "Long"]
    assert only("AGENCY", text) == ["QH"]


def test_credits_hold_no_agency_mention_and_outlets_are_not_photographers():
    text = "Theo Tuổi Trẻ, vụ việc xảy ra. Nạn nhân được cấp cứu (Ảnh: Tuổi Trẻ)."
    assert ents(text) == [("Tuổi Trẻ", "AGENCY")]  # the credit is neither a propagated agency nor a person


def test_a_capitalised_honorific_starts_another_mention():
    # a missing period between two mentions: `ông Vĩnh Ông Vĩnh` is not one three-syllable name
    got = only("PERSON", "Container bít trước nhà ông Khải Ông Khải kể lại.")
    assert "Khải" in got and "Khải Ông Khải" not in got
    # places keep theirs
    assert only("AGENCY", "Bé được đưa về Công an phường Cầu Ông Lãnh.") == ["Công an phường Cầu Ông Lãnh"]


def test_signatures_after_a_bracketed_compilation_cue_or_before_an_outlet_tag():
    fn = ["person_signature"]
    assert only("PERSON", "Cơ quan giữ nguyên như dự thảo. (Tổng hợp) Duy An", fn) == ["Duy An"]
    assert only("PERSON", "Lực lượng đang khám nghiệm (Ảnh: Công an tỉnh Nghệ An) Minh Khôi/VOV.VN", fn) == ["Minh Khôi"]


# --- 2026-11-26, third session: official names, terms, outlets ----------------------------

def test_a_listed_body_matches_whatever_case_its_inner_words_take():
    assert only("AGENCY", "Bộ trưởng Bộ ngoại giao tiếp đoàn.") == ["Bộ ngoại giao"]
    assert only("AGENCY", "Ông là ủy viên Ban chấp hành Trung ương Đảng.") == ["Ban chấp hành Trung ương Đảng"]
    assert only("AGENCY", "Ông từng làm bộ trưởng bộ ngoại giao.") == []  # the first word still needs its capital


def test_a_lower_case_word_after_a_place_does_not_join_the_name():
    assert only("AGENCY", "Một bảo vệ Bệnh viện Sản nhi Quảng Nam vừa bị đánh.", ["agency_pattern"]) == [
        "Bệnh viện Sản nhi Quảng Nam"]
    assert only("AGENCY", "Cục Cảnh sát giao thông đã vào cuộc.", ["agency_pattern"]) == ["Cục Cảnh sát giao thông"]


def test_a_term_of_office_belongs_to_the_body():
    assert only("AGENCY", "Kỳ họp của HĐND tỉnh Quảng Nam khóa X bế mạc.") == ["HĐND tỉnh Quảng Nam khóa X"]
    assert only("AGENCY", "Quốc hội khóa XIV thông qua luật.") == ["Quốc hội khóa XIV"]
    assert only("AGENCY", "Bộ Công an khóa học mới.") == ["Bộ Công an"]  # no numeral, no term


def test_forest_rangers_and_bar_associations_are_named_by_their_place():
    assert only("AGENCY", "Hạt Kiểm lâm huyện Tây Giang đã lập biên bản.") == ["Hạt Kiểm lâm huyện Tây Giang"]
    assert only("AGENCY", "Luật sư Hồ Văn Tám (Đoàn luật sư tỉnh Quảng Ngãi) cho biết.") == [
        "Đoàn luật sư tỉnh Quảng Ngãi"]
    assert only("AGENCY", "Giám đốc Hạt kiểm lâm cho biết.") == []  # no place: generic


def test_an_outlet_in_a_closing_source_tag_or_a_credit_is_no_agency():
    fn = ["agency_media_outlet"]
    assert only("AGENCY", "Vụ việc đang được điều tra. Minh Hà (Tổng hợp theo VOV, Tuổi Trẻ)", fn) == []
    assert only("AGENCY", "Vụ việc đang được điều tra. Theo Tiền Phong", fn) == []
    assert only("AGENCY", "Theo Tiền Phong, vụ việc xảy ra lúc 9 giờ.", fn) == ["Tiền Phong"]
    assert only("AGENCY", "Hiện trường. Ảnh: Lê Hai/VOV Thông tin ban đầu cho biết hai người bị thương.", fn) == []
    assert only("AGENCY", "Phóng viên VOV tại Lào cho biết.", fn) == ["VOV"]
    assert only("AGENCY", "Như báo An ninh thủ đô đã thông tin, vụ việc xảy ra hôm qua.", ["agency_media_outlet", "agency_media"]) == [
        "An ninh thủ đô"]


def test_a_committee_keeps_the_body_it_belongs_to():
    text = ("Ủy ban Quốc phòng và An ninh của Quốc hội họp. Ban Dân nguyện của QH giám sát. "
            "Bộ Công an của Chính phủ ra quyết định.")
    # only committees take it: `Chính phủ` alone is no AGENCY (NOTES 6)
    assert only("AGENCY", text) == ["Ủy ban Quốc phòng và An ninh của Quốc hội", "Ban Dân nguyện của QH", "Bộ Công an"]
    # the person the title is about may follow; another body's country may not
    text = "Chủ nhiệm Ủy ban Tư pháp của Quốc hội Lê Thị Nga phát biểu. Ủy ban Đối ngoại của Quốc hội Lào họp."
    assert only("AGENCY", text) == ["Ủy ban Tư pháp của Quốc hội", "Ủy ban Đối ngoại", "Quốc hội Lào"]


def test_a_ministry_by_its_initials_in_any_spelling():
    text = "Bộ TN&MT, Bộ TTTT và Bộ LĐ-TB-XH phối hợp. Bộ CA ra quyết định. Một bộ TTTT khác."
    assert only("AGENCY", text) == ["Bộ TN&MT", "Bộ TTTT", "Bộ LĐ-TB-XH"]


def test_a_known_given_name_does_not_propagate_into_a_listed_non_name():
    # `Chính` is a person here, but `Chính phủ` (non_names) is the government wherever it stands
    text = "Ông Chính cho biết Thủ tướng Chính phủ đã chỉ đạo. Chính phủ họp. Sau đó ông Chính về."
    assert only("PERSON", text) == ["Chính", "Chính"]
    assert only("PERSON", "Bà Nhà khai. Theo quy định của Nhà nước, bà Nhà bị phạt.") == ["Nhà", "Nhà"]


def test_short_names_before_an_age_or_a_birth_year():
    fn = ["person_before_age"]
    text = ("Em L.Th.H. (14 tuổi) và N.V.H (SN 2002) cùng em BTH (15 tuổi), anh V. V. T (SN 1991), "
            "nữ sinh Nguyễn Thị T.A. (SN 1999) và Hùng, 40 tuổi.")
    assert only("PERSON", text, fn) == ["L.Th.H.", "N.V.H", "BTH", "V. V. T", "Nguyễn Thị T.A.", "Hùng"]
    # a place, an acronym with no honorific, an age with no name before it: nothing
    text = "Tại Hà Nội, 40 tuổi trở lên. Lực lượng CSGT (SN 2000). Người già (80 tuổi) đi bộ."
    assert only("PERSON", text, fn) == []


def test_a_capitalised_site_word_inside_a_sentence_begins_the_place():
    fn = ["place_admin_context"]
    text = ("Họ đến Quảng trường Ba Đình, Khu đô thị Tây Nam Linh Đàm và Cảng hàng không quốc tế Nội Bài. "
            "Quảng trường Lam Sơn đông người. Xe dừng ở quảng trường Lam Sơn.")
    assert only("LOCATION", text, fn) == ["Quảng trường Ba Đình", "Khu đô thị Tây Nam Linh Đàm",
                                          "Cảng hàng không quốc tế Nội Bài", "Lam Sơn", "Lam Sơn"]
    # a capitalised middle name that is also a place word starts a person's name there
    assert only("LOCATION", "Hẻm 5 Bùi Đình Túy bị ngập. Anh bán xe cho Đình Tuấn.", fn) == []


def test_a_dash_typed_against_one_word_joins_a_units_name():
    text = "Bệnh viện Sản- Nhi Nghệ An tiếp nhận. Bộ Lao động - Thương binh và Xã hội chỉ đạo."
    assert only("AGENCY", text) == ["Bệnh viện Sản- Nhi Nghệ An", "Bộ Lao động - Thương binh và Xã hội"]
    # before another agency's head the dash still separates
    assert only("AGENCY", "Phòng Cảnh sát Kinh tế- Công an TP.Hà Nội vào cuộc.") == [
        "Phòng Cảnh sát Kinh tế", "Công an TP.Hà Nội"]


def test_a_region_closes_a_units_name():
    text = "Cảng vụ Hàng không miền Bắc cho biết. Tổng công ty Điện lực miền Nam họp. Lũ lụt ở miền Bắc."
    assert only("AGENCY", text) == ["Cảng vụ Hàng không miền Bắc", "Tổng công ty Điện lực miền Nam"]
    assert only("LOCATION", text) == []  # a compass region alone is no place (NOTES 7)
