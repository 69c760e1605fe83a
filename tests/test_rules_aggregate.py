"""Aggregation: priority vs weighted vote, longest span, traceability, configs."""
import pytest

from model.rules import RuleEngine
from model.rules.aggregate import Decision, Rejected, aggregate

RANK = {"a": 0, "b": 1, "c": 2}
W = {"a": 0.6, "b": 0.9, "c": 0.9}


def test_priority_picks_the_label_of_the_first_function():
    votes = [("a", 0, 2, "PERSON"), ("b", 0, 2, "LOCATION"), ("c", 0, 2, "LOCATION")]
    [d] = aggregate(votes, RANK, W, mode="priority")
    assert (d.label, d.voters) == ("PERSON", ("a",))
    assert d.rejected == [Rejected((0, 2, "LOCATION"), ("b", "c"), "outvoted")]


def test_weighted_vote_picks_the_heaviest_label():
    votes = [("a", 0, 2, "PERSON"), ("b", 0, 2, "LOCATION"), ("c", 0, 2, "LOCATION")]
    [d] = aggregate(votes, RANK, W, mode="vote")
    assert (d.label, d.voters) == ("LOCATION", ("b", "c"))
    # agreement raises the score: two 0.9 voters beat one
    [single] = aggregate([("b", 0, 2, "LOCATION")], RANK, W, mode="vote")
    assert d.score < 1.0 and single.score == pytest.approx(0.9)


def test_longest_span_wins_overlaps_and_the_loser_is_recorded():
    votes = [("b", 2, 4, "LOCATION"), ("a", 0, 4, "AGENCY"), ("c", 5, 6, "PERSON")]
    ds = aggregate(votes, RANK, W)
    assert [(d.i, d.j, d.label) for d in ds] == [(0, 4, "AGENCY"), (5, 6, "PERSON")]
    assert ds[0].rejected == [Rejected((2, 4, "LOCATION"), ("b",), "overlap")]


def test_prefer_priority_lets_the_first_function_win_over_length():
    votes = [("b", 0, 4, "AGENCY"), ("a", 2, 4, "LOCATION")]
    assert [(d.i, d.j) for d in aggregate(votes, RANK, W, prefer="longest")] == [(0, 4)]
    assert [(d.i, d.j) for d in aggregate(votes, RANK, W, prefer="priority")] == [(2, 4)]


def test_output_is_flat_sorted_and_non_overlapping():
    votes = [("a", i, i + L, "PERSON") for i in range(0, 20, 3) for L in (1, 2, 4)]
    ds = aggregate(votes, RANK, W)
    for x, y in zip(ds, ds[1:]):
        assert x.j <= y.i


def test_engine_decisions_trace_every_span_to_its_functions():
    text = "Trung tá Phùng Văn Lực, Công an tỉnh Điện Biên"
    pl = RuleEngine().label_text(text)[1][0]
    assert all(isinstance(d, Decision) for d in pl.decisions)
    assert [d.span for d in pl.decisions] == pl.spans  # one decision per kept span, same order
    by_span = {d.span: d for d in pl.decisions}
    agency = by_span[(24, 46, "AGENCY")]
    assert agency.voters == ("agency_pattern",)
    assert {r.reason for r in agency.rejected} == {"overlap"}
    # the rejected place is reported in the paragraph's character offsets, not tokens
    assert Rejected((37, 46, "LOCATION"), ("place_admin_context", "place_gazetteer"), "overlap") in agency.rejected
    assert by_span[(9, 22, "PERSON")].voters[0] == "person_after_rank"
    assert pl.votes["place_gazetteer"] == [(37, 46, "LOCATION")]
    assert len(pl.scores) == len(pl.spans)


def test_engine_config_from_yaml_and_mapping(tmp_path):
    cfg = tmp_path / "rules.yaml"
    cfg.write_text("rules:\n  functions: [place_gazetteer, person_surname]\n  aggregation: vote\n"
                   "  weights: {person_surname: 0.99}\n", encoding="utf-8")
    eng = RuleEngine(config=cfg)
    assert eng.names == ["place_gazetteer", "person_surname"] and eng.aggregation == "vote"
    assert eng.weight["person_surname"] == 0.99
    # gazetteer and surname run propose the same span: the vote follows the weights
    assert [(e.text, e.label) for e in eng.annotate("Hồ Chí Minh")] == [("Hồ Chí Minh", "PERSON")]
    with pytest.raises(ValueError, match="unknown key"):
        RuleEngine(config={"function": ["rank_lexicon"]})
    with pytest.raises(ValueError, match="within 0..1"):
        RuleEngine(weights={"rank_lexicon": 3})
