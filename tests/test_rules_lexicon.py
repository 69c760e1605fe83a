"""Lexicons and the token trie: loading, variants (case, tone placement, NFD), capitalisation."""
import unicodedata

import pytest

from model.document import make_document
from model.rules import LexiconError, lexicon_names, load_lexicon, variants
from model.rules.context import DocView
from model.rules.lexicon import new_style_tone
from model.rules.matcher import TokenTrie
from model.text.normalize import fold_case
from model.text.tokens import tokenize


def _ranks_found(text: str) -> list[str]:
    view = DocView.build(make_document(text))
    pv = view.paras[0]
    out = []
    end = 0
    for i in sorted(pv.matches):
        hits = pv.at(i, "rank", case=False)
        if hits and i >= end:
            end = hits[0][0]
            out.append(pv.text(i, end))
    return out


def test_lexicon_files_load_without_comments_and_unknown_names_fail():
    ranks = load_lexicon("ranks")
    assert "Đại tướng" in ranks and "Binh nhì" in ranks and "Chuẩn Đô đốc" in ranks
    assert not any(r.startswith("#") or "#" in r for r in ranks)
    assert "places" in lexicon_names() and "surnames" in lexicon_names()
    with pytest.raises(LexiconError, match="unknown lexicon 'nope'"):
        load_lexicon("nope")
    with pytest.raises(LexiconError, match="no section"):
        load_lexicon("admin_words", "missing")


def test_rank_lexicon_is_complete():
    expected = """Đại tướng, Thượng tướng, Trung tướng, Thiếu tướng, Đại tá, Thượng tá, Trung tá, Thiếu tá,
    Đại úy, Thượng úy, Trung úy, Thiếu úy, Chuẩn úy, Thượng sĩ, Trung sĩ, Hạ sĩ, Binh nhất, Binh nhì,
    Đô đốc, Phó Đô đốc, Chuẩn Đô đốc"""
    ranks = set(load_lexicon("ranks"))
    for r in expected.replace("\n", " ").split(","):
        assert r.strip() in ranks


def test_places_cover_provinces_before_and_after_the_merger_and_neighbours():
    provinces = set(load_lexicon("provinces"))
    # post-2025 units (all also pre-merger names) and a few pre-merger-only ones
    for p in ["Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Tuyên Quang", "Lào Cai", "Cà Mau", "An Giang",
              "Bình Dương", "Bà Rịa - Vũng Tàu", "Hà Giang", "Kon Tum", "Thừa Thiên - Huế", "TP.HCM", "TPHCM", "Sài Gòn"]:
        assert p in provinces, p
    assert len(provinces) >= 63
    foreign = set(load_lexicon("foreign_places"))
    for p in ["Xiêng Khoảng", "Hủa Phăn", "Bô Ly Khăm Xay", "Sê Kông", "Salavan", "Khăm Muộn", "Savannakhet",
              "Phnom Penh", "Svay Rieng"]:
        assert p in foreign, p
    countries = set(load_lexicon("countries"))
    for c in ["Lào", "Campuchia", "Trung Quốc", "Hàn Quốc", "CHDCND Lào", "Việt Nam"]:
        assert c in countries, c
    assert "Xiêng Khoảng" in load_lexicon("places")  # the union the trainer uses


def test_variants_cover_case_and_tone_placement():
    vs = variants("Đại úy")
    for v in ["Đại úy", "đại úy", "ĐẠI ÚY", "Đại uý", "đại uý", "ĐẠI UÝ"]:
        assert v in vs, v
    assert new_style_tone("Thanh Hóa, Khánh Hòa, Thượng úy") == "Thanh Hoá, Khánh Hoà, Thượng uý"
    assert "Thừa Thiên Huế" in variants("Thừa Thiên - Huế")
    assert "Bô-ly-khăm-xay" in variants("Bô Ly Khăm Xay", hyphenate=True)


@pytest.mark.parametrize("rank", ["Thiếu úy", "Đại uý", "ĐẠI ÚY", "trung úy", "Chuẩn Đô đốc", "binh nhì", "THƯỢNG SĨ"])
def test_every_rank_variant_is_found_in_text(rank):
    assert _ranks_found(f"Khi đó {rank} Lò Văn Khánh có mặt.") == [rank]


def test_nfd_input_is_found_and_offsets_point_into_the_original():
    text = unicodedata.normalize("NFD", "Hôm qua đại úy Phan Minh Khang trực ban.")
    found = _ranks_found(text)
    assert found == [unicodedata.normalize("NFD", "đại úy")]
    assert unicodedata.normalize("NFC", found[0]) == "đại úy"


def test_hạ_sĩ_quan_is_a_category_not_a_rank():
    from model.rules import RuleEngine

    ents = RuleEngine(functions=["rank_lexicon"]).annotate("Các hạ sĩ quan, binh sĩ và Hạ sĩ Lê Văn Toản.")
    assert [(e.text, e.label) for e in ents] == [("Hạ sĩ", "RANK")]


def test_trie_keeps_capitalisation_masks_and_longest_first():
    trie = TokenTrie()
    trie.add("Hòa Bình", "province")
    trie.add("Phó Đô đốc", "rank")
    trie.add("Đô đốc", "rank")
    keys = [fold_case(t.norm) for t in tokenize("Phó Đô đốc thăm Hòa Bình và hoà bình")]
    found = trie.find_all(keys)
    assert [j for j, _ in found[0]] == [3]
    assert found[1][0][1].text == "Đô đốc"
    # both the capitalised province and lower-case "peace" share the key; the mask decides
    mask = found[4][0][1].mask
    assert mask == (True, True)
    assert 7 in found and found[7][0][1].mask == (True, True)


def test_place_capitalisation_is_required():
    from model.rules import RuleEngine

    eng = RuleEngine(functions=["place_gazetteer"])
    assert [e.text for e in eng.annotate("Người dân Hòa Bình mong hòa bình.")] == ["Hòa Bình"]
    assert [e.text for e in eng.annotate("Đoàn đến tỉnh HÒA BÌNH và Hoà Bình.")] == ["HÒA BÌNH", "Hoà Bình"]


def test_phrase_end_finds_the_longest_word_set_entry_and_stays_inside_the_paragraph():
    pv = DocView.build(make_document("Anh trú tại Hà Nội, quê quán")).paras[0]
    words = frozenset({"trú", "trú tại", "quê quán"})
    assert pv.phrase_end(1, words) == 3  # `trú tại`, not `trú`
    assert pv.phrase_end(0, words) == 0
    assert pv.phrase_end(pv.n - 2, words) == pv.n  # ends with the paragraph
    assert pv.phrase_end(pv.n - 1, words) == pv.n - 1  # `quán` alone is no entry
    assert pv.phrase_end(1, words, max_words=1) == 2
    # by default an entry as long as the set's longest is tried, however many words it has
    assert pv.phrase_end(1, words | {"trú tại hà nội"}) == 5


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
