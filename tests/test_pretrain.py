"""`anninh pretrain` on the tiny config and the bundled corpus: seconds, a usable encoder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app
from train.training.config import ConfigError, load_config
from train.training.pretrain import PretrainError, make_collator, run_pretraining
from train.training.pretrain_config import load_pretrain_config
from train.corpus.prepare import prepare_silver, prepare_words

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "pretrain-tiny.yaml"
RAW = ROOT / "data" / "raw"
runner = CliRunner()


@pytest.fixture(autouse=True)
def _offline(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("ANNINH_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)


def tiny(out: Path, *extra: str):
    return load_pretrain_config(TINY, [f"output_dir={out}", f"data.corpus={RAW}", *extra])


def test_pretrain_writes_an_encoder_with_provenance_that_training_accepts(tmp_path):
    res = run_pretraining(tiny(tmp_path), command=["anninh", "pretrain", "--config", str(TINY)])
    enc = res.encoder_dir
    assert (enc / "model.safetensors").is_file() and not list(enc.glob("*.bin"))
    prov = json.loads((enc / "anninh_pretrain.json").read_text(encoding="utf-8"))
    assert prov["pretrained_by"] == "anninh-pretrain" and prov["is_phobert"] is False
    assert prov["steps"] == 6 and prov["tokens_seen"] == 6 * 8 * 32
    assert prov["corpus"]["documents"] == 5 and len(prov["corpus"]["fingerprint"]) == 16
    assert prov["heldout_perplexity"] > 1 and "anninh pretrain --config" in prov["command"]
    assert "not PhoBERT" in (enc / "README.md").read_text(encoding="utf-8")

    # backbone.name accepts the folder; the run records who pretrained it.
    from train.training.trainer import run_training

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [
        f"output_dir={tmp_path}", "name=ft", f"data.corpus={RAW}", f"backbone.name={enc}",
        "training.epochs=1", "augment.enabled=false"])
    out = run_training(cfg)
    meta = json.loads((out.model_dir / "anninh.json").read_text(encoding="utf-8"))
    assert meta["backbone"]["pretrained"] is True
    assert meta["backbone"]["pretrained_by"] == "anninh-pretrain"
    assert meta["backbone"]["encoder"]["is_phobert"] is False


def test_resume_continues_from_the_last_checkpoint_and_a_plain_restart_is_refused(tmp_path):
    run_pretraining(tiny(tmp_path))
    with pytest.raises(PretrainError, match="--resume"):
        run_pretraining(tiny(tmp_path))
    res = run_pretraining(tiny(tmp_path, "training.max_steps=9"), resume=True)
    assert res.provenance["steps"] == 9
    with pytest.raises(PretrainError, match="differs"):
        run_pretraining(tiny(tmp_path, "training.learning_rate=0.5"), resume=True)


def test_whole_word_masking_masks_all_subwords_of_a_word_or_none():
    from transformers import AutoTokenizer

    from tests.tinymodels import write_tiny_phobert_tokenizer
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        tok = AutoTokenizer.from_pretrained(str(write_tiny_phobert_tokenizer(d)))
        coll = make_collator(tok, 0.5, True, seed=0)
        # 3 words of 4 characters each (the tiny vocabulary splits into characters).
        ids = tok.convert_tokens_to_ids(list("abc@@") )  # noqa: F841 - vocabulary sanity
        word = [tok.convert_tokens_to_ids("a@@")] * 3 + [tok.convert_tokens_to_ids("a")]
        row = {"input_ids": [tok.bos_token_id] + word * 3 + [tok.eos_token_id],
               "word_start": [1] + [1, 0, 0, 0] * 3 + [1]}
        seen_partial = False
        for _ in range(20):
            batch = coll([dict(row) for _ in range(4)])
            masked = (batch["labels"] != -100)
            assert not masked[:, 0].any() and not masked[:, -1].any()
            for b in range(4):
                for w in range(3):
                    span = masked[b, 1 + 4 * w: 5 + 4 * w]
                    seen_partial |= bool(span.any() and not span.all())
        assert not seen_partial


def test_prepare_is_cached_and_keyed_by_segmenter(tmp_path):
    a = prepare_words(RAW, "syllable", cache_dir=tmp_path / "c")
    b = prepare_words(RAW, "syllable", cache_dir=tmp_path / "c")
    assert not a.from_cache and b.from_cache and b.key == a.key and len(b.dataset) == len(a.dataset)
    c = prepare_silver(RAW, "syllable", cache_dir=tmp_path / "c")
    assert c.key != a.key and {"doc", "para", "forms", "tags", "offsets"} <= set(c.dataset.column_names)
    assert any(t != "O" for tags in c.dataset["tags"] for t in tags)
    # the seeds' plural references (`Công an 3 tỉnh`) are vetoed words, tagged O
    vetoed = [(f, t) for forms, tags, veto in zip(c.dataset["forms"], c.dataset["tags"], c.dataset["veto"])
              for f, t, v in zip(forms, tags, veto) if v]
    assert vetoed and all(t == "O" for _, t in vetoed) and any(f == "3" for f, _ in vetoed)


def test_a_change_to_the_text_handling_code_gives_a_new_cache_key(tmp_path, monkeypatch):
    """Word segmentation changed (the case-change repair): a cached corpus of the old words
    must not be read by a model trained on the new ones."""
    import train.corpus.prepare as prep

    a = prepare_words(RAW, "syllable", cache_dir=tmp_path / "c")
    text_dir = tmp_path / "model" / "text"
    text_dir.mkdir(parents=True)
    (text_dir / "wordseg.py").write_text("# another segmentation\n", encoding="utf-8")
    monkeypatch.setattr(prep, "_MODEL_DIR", tmp_path / "model")
    monkeypatch.setattr(prep, "_TEXT_SOURCES", (text_dir,))
    b = prepare_words(RAW, "syllable", cache_dir=tmp_path / "c")
    assert not b.from_cache and b.key != a.key


def test_config_errors_name_the_key_and_the_cli_reports_them(tmp_path):
    with pytest.raises(ConfigError, match="training.learning_rate"):
        tiny(tmp_path, "training.learning_rate=.inf")
    with pytest.raises(ConfigError, match="data.block_size"):
        tiny(tmp_path, "data.block_size=4")
    r = runner.invoke(app, ["pretrain", "--config", str(TINY), "--set", "training.epoch=2"])
    assert r.exit_code == 2 and "training.epochs" in r.output
    r = runner.invoke(app, ["pretrain", "--config", str(TINY), "--set", f"data.corpus={tmp_path / 'nope'}",
                            "--set", f"output_dir={tmp_path}"])
    assert r.exit_code == 2 and "does not exist" in r.output


def test_bundled_fallback_fine_tunes_the_shipped_encoder_loudly_and_records_it(tmp_path, capsys):
    enc = run_pretraining(tiny(tmp_path)).encoder_dir
    from train.training.trainer import run_training

    cfg = load_config(ROOT / "configs" / "tiny.yaml", [
        f"output_dir={tmp_path}", "name=ft", f"data.corpus={RAW}", "backbone.fallback=bundled",
        f"backbone.bundled.encoder={enc}", "backbone.bundled.learning_rate=0.002", "training.epochs=1",
        "augment.enabled=false"])
    out = run_training(cfg)
    err = capsys.readouterr().err
    assert "BUNDLED" in err and "NOT PhoBERT" in err
    meta = json.loads((out.model_dir / "anninh.json").read_text(encoding="utf-8"))["backbone"]
    assert meta["fallback"] == "bundled" and meta["used"] == f"bundled:{enc.name}"
    assert meta["requested"] == "vinai/phobert-base" and meta["pretrained_by"] == "anninh-pretrain"
    assert out.metrics["train"]["learning_rate"] == 0.002
    assert "**Not PhoBERT.**" in (out.model_dir / "README.md").read_text(encoding="utf-8")

    # A missing bundled encoder falls back to scratch, and says so.
    cfg = load_config(ROOT / "configs" / "tiny.yaml", [
        f"output_dir={tmp_path}", "name=ft2", f"data.corpus={RAW}", "backbone.fallback=bundled",
        f"backbone.bundled.encoder={tmp_path / 'missing'}", "training.epochs=1", "augment.enabled=false"])
    out = run_training(cfg)
    assert "cannot be loaded" in capsys.readouterr().err
    assert json.loads((out.model_dir / "anninh.json").read_text(encoding="utf-8"))["backbone"]["pretrained"] is False


def test_time_budget_stops_training_and_still_writes_the_encoder(tmp_path):
    cmd = ["anninh", "pretrain", "--config", str(TINY), "--set training.max_minutes=0.0001", "--resume"]
    res = run_pretraining(tiny(tmp_path, "training.max_steps=500", "training.max_minutes=0.0001"), command=cmd)
    steps = res.provenance["steps"]
    assert 1 <= steps < 500 and (res.encoder_dir / "model.safetensors").is_file()
    # The card's reproduce command stops at the same step, without the wall-clock budget.
    assert res.provenance["reproduce"] == f"anninh pretrain --config {TINY} --set training.stop_after_steps={steps}"


def test_stop_after_steps_stops_at_that_step_and_keeps_the_schedule(tmp_path):
    res = run_pretraining(tiny(tmp_path, "training.max_steps=20", "training.stop_after_steps=4"))
    assert res.provenance["steps"] == 4
    state = json.loads(next((tmp_path / "encoder-tiny" / "checkpoints").glob("checkpoint-4/trainer_state.json"))
                       .read_text(encoding="utf-8"))
    assert state["max_steps"] == 20


def test_a_diverging_pretraining_run_writes_no_encoder(tmp_path):
    from train.training.callbacks import TrainingDiverged

    from transformers import TrainerCallback

    class Poison(TrainerCallback):  # what a far too large step does to the weights
        def on_step_end(self, args, state, control, model=None, **kw):
            if state.global_step == 2:
                import torch

                with torch.no_grad():
                    next(model.parameters()).fill_(float("nan"))

    with pytest.raises(TrainingDiverged):
        run_pretraining(tiny(tmp_path, "training.logging_steps=1"), callbacks=[Poison()])
    assert not (tmp_path / "encoder-tiny" / "encoder").exists()


def test_a_continued_encoder_records_the_stage_it_started_from(tmp_path):
    first = run_pretraining(tiny(tmp_path, "name=stage1")).provenance
    second = run_pretraining(tiny(tmp_path, "name=stage2", f"encoder.init={tmp_path / 'stage1' / 'encoder'}"))
    prov = second.provenance
    assert prov["previous"]["steps"] == first["steps"] and prov["previous"]["init"] == "scratch"
    assert prov["tokens_seen_total"] == prov["tokens_seen"] + first["tokens_seen"]
    card = (second.encoder_dir / "README.md").read_text(encoding="utf-8")
    assert "continued from: an encoder of" in card and f"all stages: {prov['tokens_seen_total']:,}" in card
    third = run_pretraining(tiny(tmp_path, "name=stage3", f"encoder.init={second.encoder_dir}")).provenance
    assert third["previous"]["previous"]["steps"] == first["steps"]
    assert third["tokens_seen_total"] == third["tokens_seen"] + prov["tokens_seen_total"]
