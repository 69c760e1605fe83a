"""Training runs on the tiny config: model directory, determinism, resume, refusals, bad input."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from model.labels import TAGS
from model.modeldir import read_meta
from train.cli import app
from train.training.config import load_config
from train.training.device import check_device
from train.training.errors import TrainError
from train.training.rundir import prepare_run_dir
from train.training.trainer import run_training

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "configs" / "tiny.yaml"
RAW = ROOT / "data" / "raw"
GOLD = ROOT / "data" / "gold" / "seeds.gold.jsonl"
REAL_PHOBERT_DIR = os.environ.get("ANNINH_PHOBERT_DIR")
runner = CliRunner()


@pytest.fixture(autouse=True)
def _offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.delenv("ANNINH_BACKBONE", raising=False)
    monkeypatch.delenv("ANNINH_PHOBERT_DIR", raising=False)


def tiny(out: Path, name: str, *extra: str):
    return load_config(TINY, [f"output_dir={out}", f"name={name}", f"data.corpus={RAW}",
                              f"data.dev_file={GOLD}", *extra])


def metrics_of(model_dir: Path) -> dict:
    return json.loads((model_dir / "metrics.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", autouse=True)
def _one_thread():
    """Tiny models gain nothing from a second thread, and on a busy machine two spinning
    OpenMP threads make training several times slower; results are the same."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(n)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("runs")


@pytest.fixture(scope="module")
def reference(runs):
    """One uninterrupted tiny run that several tests compare against."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.pop("ANNINH_PHOBERT_DIR", None)
    os.environ.pop("ANNINH_BACKBONE", None)
    try:
        return run_training(tiny(runs, "ref"))
    finally:
        if REAL_PHOBERT_DIR:
            os.environ["ANNINH_PHOBERT_DIR"] = REAL_PHOBERT_DIR


def test_model_directory_is_complete(reference):
    d = reference.model_dir
    meta = read_meta(d)  # what inference checks
    assert meta.segmenter == "syllable" and meta.max_length == 64 and meta.stride == 8
    assert meta.backbone["pretrained"] is False and meta.backbone["requested"] == "vinai/phobert-base"
    assert meta.backbone["used"].startswith("scratch:roberta-h32")
    assert meta.created and meta.git_commit
    cfg = json.loads((d / "config.json").read_text(encoding="utf-8"))
    assert [cfg["id2label"][str(i)] for i in range(len(TAGS))] == list(TAGS)
    assert (d / "model.safetensors").is_file() and (d / "tokenizer.json").is_file()
    assert not list(d.glob("*.bin")) and not list(d.glob("*.pt")), "no pickles in a model directory"
    assert load_config(d / "config.yaml") == tiny(reference.run_dir.parent, "ref")
    m = metrics_of(d)
    assert m["backbone"]["pretrained"] is False
    for row in ("AGENCY", "RANK", "PERSON", "LOCATION", "micro avg", "macro avg"):
        assert set(m["dev"]["seqeval"][row]) == {"precision", "recall", "f1-score", "support"}
    assert m["dev"]["seqeval"]["micro avg"]["support"] == 143  # every gold entity of the dev file
    assert m["dev"]["seqeval"]["micro avg"]["f1-score"] > 0.05, "three epochs of the tiny model learn something"
    assert len(m["history"]) == 3 and m["best_checkpoint"]
    assert m["data"]["train"]["sentences"] > 50 and m["data"]["augmentation"]["sentences_added"] > 0
    assert m["data"]["dev_documents_also_in_train"], "the bundled dev set is the training text"
    card = (d / "README.md").read_text(encoding="utf-8")
    assert "Not PhoBERT-pretrained" in card and "Caution" in card and meta.git_commit in card
    assert "silver" in card


def test_model_directory_loads_for_inference_and_reproduces_dev_f1(reference):
    from train.evaluation.evaluate import evaluate_model_dir
    from train.corpus.gold import load_gold

    report = evaluate_model_dir(reference.model_dir, load_gold(GOLD))
    dev = metrics_of(reference.model_dir)["dev"]["seqeval"]["micro avg"]
    assert report.micro_f1 == pytest.approx(dev["f1-score"], abs=1e-12)
    assert report.seqeval["micro avg"]["precision"] == pytest.approx(dev["precision"], abs=1e-12)


def test_context_words_trains_and_reads_paragraph_units_alike(runs):
    """With ``data.context_words`` the model learns from consecutive sentences of a
    paragraph read together; inference must group them the same way (the model records
    the limit), or the dev score it reproduces would differ."""
    from train.evaluation.evaluate import evaluate_model_dir
    from train.corpus.gold import load_gold

    res = run_training(tiny(runs, "packed", "data.context_words=40", "training.epochs=1", "augment.enabled=false"))
    assert read_meta(res.model_dir).context_words == 40
    card = (res.model_dir / "README.md").read_text(encoding="utf-8")
    assert "up to 40 words (`context_words`)" in card and " units, " in card
    units = metrics_of(res.model_dir)["data"]["context_words"]
    assert units["limit"] == 40 and units["train_units"] < metrics_of(res.model_dir)["data"]["train"]["sentences"]
    report = evaluate_model_dir(res.model_dir, load_gold(GOLD))
    dev = metrics_of(res.model_dir)["dev"]["seqeval"]["micro avg"]
    assert report.micro_f1 == pytest.approx(dev["f1-score"], abs=1e-12)
    assert report.seqeval["micro avg"]["support"] == 143


def test_same_seed_same_metrics_and_weights(reference, runs):
    from safetensors.torch import load_file

    again = run_training(tiny(runs, "ref-again"))
    a, b = metrics_of(reference.model_dir), metrics_of(again.model_dir)
    assert a["dev"]["seqeval"] == b["dev"]["seqeval"]
    assert a["history"] == b["history"] and a["train"]["loss"] == b["train"]["loss"]
    wa, wb = load_file(reference.model_dir / "model.safetensors"), load_file(again.model_dir / "model.safetensors")
    assert wa.keys() == wb.keys() and all((wa[k] == wb[k]).all() for k in wa)
    other = run_training(tiny(runs, "seed-7", "training.seed=7"))
    wc = load_file(other.model_dir / "model.safetensors")
    assert any(not (wa[k] == wc[k]).all() for k in wa), "the seed must matter"


class Killed(Exception):
    pass


def test_interrupted_run_refuses_a_plain_restart_and_resumes_to_the_same_result(reference, runs):
    from transformers import TrainerCallback

    class KillAfterFirstCheckpoint(TrainerCallback):
        def on_save(self, args, state, control, **kw):
            raise Killed(f"killed after step {state.global_step}")

    cfg = tiny(runs, "killed")
    with pytest.raises(Killed):
        run_training(cfg, callbacks=[KillAfterFirstCheckpoint()])
    run_dir = cfg.run_dir
    assert not (run_dir / "model").exists() and not (run_dir / "model.tmp").exists()
    assert list((run_dir / "checkpoints").glob("checkpoint-*"))
    with pytest.raises(TrainError, match="unfinished run.*--resume"):
        run_training(cfg)
    resumed = run_training(cfg, resume=True)
    m, ref = metrics_of(resumed.model_dir), metrics_of(reference.model_dir)
    assert m["train"]["resumed_from"].startswith("checkpoint-")
    assert m["train"]["global_step"] == ref["train"]["global_step"]
    assert m["dev"]["seqeval"] == ref["dev"]["seqeval"]
    with pytest.raises(TrainError, match="finished run"):
        run_training(cfg, resume=True)


def test_a_different_run_is_refused_and_nothing_is_lost(reference, runs):
    before = {p: p.stat().st_mtime_ns for p in reference.run_dir.rglob("*")}
    changed = tiny(runs, "ref", "training.epochs=2")
    with pytest.raises(TrainError) as err:
        run_training(changed)
    assert "different run" in str(err.value) and "training.epochs: 3.0 -> 2.0" in str(err.value)
    with pytest.raises(TrainError, match="different config"):
        run_training(changed, resume=True)
    with pytest.raises(TrainError, match="finished run"):
        run_training(tiny(runs, "ref"))  # the same config, already done
    with pytest.raises(TrainError, match="finished run"):  # progress bars do not make another run
        run_training(tiny(runs, "ref", "training.progress=true"))
    assert {p: p.stat().st_mtime_ns for p in reference.run_dir.rglob("*")} == before


def test_overwrite_moves_the_old_run_aside(runs):
    cfg = tiny(runs, "to-overwrite", "training.epochs=1")
    run_training(cfg)
    newer = tiny(runs, "to-overwrite", "training.epochs=1", "training.seed=5")
    run_training(newer, overwrite=True)
    aside = list(runs.glob("to-overwrite.old-*"))
    assert len(aside) == 1 and (aside[0] / "model" / "model.safetensors").is_file()
    assert load_config(aside[0] / "config.yaml").training.seed == 13
    assert load_config(cfg.run_dir / "model" / "config.yaml").training.seed == 5


def test_a_foreign_folder_is_not_taken_over(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(TrainError, match="does not hold an anninh training run"):
        prepare_run_dir(tiny(tmp_path, "mine"))
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_cuda_or_half_precision_without_a_gpu_is_refused(monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(TrainError, match="training.device is 'cuda' but no CUDA GPU.*training.device=cpu"):
        check_device(load_config(TINY, ["training.device=cuda"]))
    for prec in ("fp16", "bf16"):
        with pytest.raises(TrainError, match=f"training.precision is '{prec}'.*fp32"):
            check_device(load_config(TINY, ["training.device=auto", f"training.precision={prec}"]))
    assert check_device(load_config(TINY, ["training.device=auto"])) == "cpu"


def cli(*args: str):
    return runner.invoke(app, ["train", "--config", str(TINY), *args])


def test_cli_bad_inputs_give_clear_messages(tmp_path):
    common = ["--output-dir", str(tmp_path), "--set", f"data.dev_file={GOLD}"]
    res = cli(*common, "--name", "a", "--set", f"data.corpus={tmp_path / 'nowhere'}")
    assert res.exit_code == 2 and "data.corpus" in res.output and "does not exist" in res.output
    empty = tmp_path / "empty"
    empty.mkdir()
    res = cli(*common, "--name", "b", "--set", f"data.corpus={empty}")
    assert res.exit_code == 2 and "holds no .txt or .jsonl" in res.output
    bad = tmp_path / "bad.gold.jsonl"
    bad.write_text(json.dumps({"doc": "x", "para": 0, "text": "Hà Nội", "entities": [[0, 40, "LOCATION"]]}) + "\n",
                   encoding="utf-8")
    res = cli("--output-dir", str(tmp_path), "--name", "c", "--set", f"data.corpus={RAW}",
              "--set", f"data.dev_file={bad}")
    assert res.exit_code == 2 and "bad.gold.jsonl:1" in res.output and "outside the text" in res.output
    assert not (tmp_path / "c" / "checkpoints").exists()
    res = cli(*common, "--name", "d", "--resume", "--overwrite")
    assert res.exit_code == 2 and "contradict" in res.output
    assert "Traceback" not in res.output


def test_cli_trains_and_prints_the_dev_table(tmp_path):
    res = cli("--output-dir", str(tmp_path), "--name", "cli", "--set", f"data.corpus={RAW}",
              "--set", f"data.dev_file={GOLD}", "--set", "training.epochs=1", "--set", "augment.enabled=false")
    assert res.exit_code == 0, res.output
    assert "| micro avg |" in res.output and str(tmp_path / "cli" / "model") in res.output
    read_meta(tmp_path / "cli" / "model")


@pytest.mark.skipif(not REAL_PHOBERT_DIR, reason="integration: set ANNINH_PHOBERT_DIR to a PhoBERT folder")
def test_scratch_run_with_the_real_phobert_tokenizer(tmp_path, monkeypatch):
    from transformers import AutoTokenizer

    monkeypatch.setenv("ANNINH_PHOBERT_DIR", REAL_PHOBERT_DIR)
    res = run_training(tiny(tmp_path, "phobert-tok", "training.epochs=1", "data.segmenter=underthesea"))
    d = res.model_dir
    meta = read_meta(d)
    assert meta.backbone["tokenizer"] == f"phobert-tokenizer:{REAL_PHOBERT_DIR}"
    assert (d / "vocab.txt").is_file() and (d / "bpe.codes").is_file()
    tok = AutoTokenizer.from_pretrained(str(d))
    assert type(tok).__name__ == "PhobertTokenizer" and len(tok) == 64001
    assert json.loads((d / "config.json").read_text())["vocab_size"] == 64001
    enc = metrics_of(d)["data"]["encoded"]
    assert enc["train_unk_subwords"] < 0.01 * enc["train_subwords"]
    from train.evaluation.evaluate import evaluate_model_dir
    from train.corpus.gold import load_gold

    assert evaluate_model_dir(d, load_gold(GOLD)).micro_f1 == pytest.approx(
        metrics_of(d)["dev"]["seqeval"]["micro avg"]["f1-score"], abs=1e-12)


def test_run_from_a_local_pretrained_folder(tmp_path, monkeypatch):
    """The main path: a local PhoBERT-style folder with weights is fine-tuned, not replaced."""
    from transformers import AutoTokenizer, RobertaForMaskedLM

    from tests.tinymodels import tiny_roberta_config, write_tiny_phobert_tokenizer

    local = write_tiny_phobert_tokenizer(tmp_path / "phobert-local")
    cfg = tiny_roberta_config(len(AutoTokenizer.from_pretrained(str(local))))
    del cfg.id2label, cfg.label2id
    RobertaForMaskedLM(cfg).save_pretrained(str(local))
    monkeypatch.setenv("ANNINH_BACKBONE", str(local))
    res = run_training(tiny(tmp_path / "runs", "pre", "training.epochs=1", "augment.enabled=false"))
    m = metrics_of(res.model_dir)
    assert m["backbone"] == {"requested": str(local), "used": str(local), "pretrained": True, "tokenizer": str(local)}
    assert m["train"]["learning_rate"] == load_config(TINY).training.learning_rate  # not the scratch rate
    assert (res.model_dir / "vocab.txt").is_file() and (res.model_dir / "bpe.codes").is_file()
    assert "Fine-tuned from pretrained" in (res.model_dir / "README.md").read_text(encoding="utf-8")
    read_meta(res.model_dir)


def test_time_budget_stops_each_fit_cleanly_and_keeps_a_model(runs):
    """training.max_minutes ends a fit early with a usable model, its last steps scored on
    dev, instead of a run killed from outside that writes nothing."""
    out = run_training(tiny(runs, "budget", "training.epochs=50", "training.max_minutes=0.0001"))
    m = metrics_of(out.model_dir)
    assert 1 <= m["train"]["global_step"] < 10  # 50 epochs would be hundreds of steps
    assert (out.model_dir / "model.safetensors").is_file()
    assert m["history"] and m["history"][-1]["step"] == m["train"]["global_step"]  # the last steps were scored


def test_time_budget_is_validated_by_key(tmp_path):
    from train.training.config import ConfigError

    with pytest.raises(ConfigError, match="training.max_minutes"):
        tiny(tmp_path, "x", "training.max_minutes=0")
    with pytest.raises(ConfigError, match="training.max_minutes"):
        tiny(tmp_path, "x", "training.max_minutes=.nan")
