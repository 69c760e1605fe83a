"""Training configs: strict typed loading, dotted error paths, overrides, resolved YAML."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from train.cli import app
from train.training.config import (
    Config, ConfigError, config_diff, config_from_dict, load_config, parse_override, save_config,
)

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"
runner = CliRunner()


def raw(name: str) -> dict:
    return yaml.safe_load((CONFIGS / name).read_text(encoding="utf-8"))


def test_every_config_file_is_a_valid_training_or_pretraining_config():
    from train.training.pretrain_config import load_pretrain_config

    for path in sorted(CONFIGS.glob("*.yaml")):
        (load_pretrain_config if path.name.startswith("pretrain") else load_config)(path)


def test_corpus_recipe_uses_the_bundled_encoder_and_self_training():
    cfg = load_config(CONFIGS / "corpus.yaml", ["data.corpus=somewhere/police"])
    assert cfg.backbone.fallback == "bundled" and cfg.data.corpus == ["somewhere/police"]
    assert cfg.training.self_training.rounds >= 1 and cfg.data.train_file is None


@pytest.mark.parametrize("name", ["base.yaml", "tiny.yaml", "phobert-large.yaml", "corpus.yaml"])
def test_bundled_configs_are_valid(name):
    cfg = load_config(CONFIGS / name)
    assert isinstance(cfg, Config)
    assert cfg.data.max_length <= 256 and cfg.data.dev_file


def test_base_config_matches_the_issue():
    cfg = load_config(CONFIGS / "base.yaml")
    assert cfg.backbone.name == "vinai/phobert-base"
    assert cfg.backbone.fallback == "bundled"
    assert cfg.data.max_length == 256 and cfg.data.segmenter == "underthesea"
    assert cfg.data.corpus == ["data/raw"] and cfg.data.dev_file == "data/gold/invented.gold.jsonl"
    assert cfg.augment.enabled and cfg.augment.copies >= 1
    assert cfg.training.early_stopping_patience > 0
    assert isinstance(cfg.training.learning_rate, float)


@pytest.mark.parametrize("name", ["base.yaml", "phobert-large.yaml"])
def test_bundled_corpus_configs_score_dev_on_text_they_do_not_train_on(name):
    """base.yaml once scored dev on the seeds gold, i.e. on data/raw, its own training text."""
    import json

    cfg = load_config(CONFIGS / name)
    assert cfg.data.corpus == ["data/raw"]
    corpus = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data/raw").glob("*.txt"))
    dev = [json.loads(line)["text"] for line in (ROOT / cfg.data.dev_file).read_text(encoding="utf-8").splitlines()
           if line.strip()]
    assert dev and not [t for t in dev if t in corpus]
    # the check can fail: the seeds gold is the corpus itself
    seeds = [json.loads(line)["text"] for line in (ROOT / "data/gold/seeds.gold.jsonl").read_text(encoding="utf-8")
             .splitlines() if line.strip()]
    assert all(t in corpus for t in seeds)


def test_large_config_refuses_to_fall_back():
    assert load_config(CONFIGS / "phobert-large.yaml").backbone.fallback == "error"


def test_one_corpus_path_is_a_list_of_one():
    cfg = load_config(CONFIGS / "base.yaml", ["data.corpus=../x/police"])
    assert cfg.data.corpus == ["../x/police"]


@pytest.mark.parametrize(
    "overrides, path, words",
    [
        (["training.epoch=3"], "training.epoch", ["unknown key", "did you mean 'training.epochs'"]),
        (["training.epochs=three"], "training.epochs", ["must be a number"]),
        (["training.epochs=0"], "training.epochs", ["must be > 0"]),
        (["training.batch_size=2.5"], "training.batch_size", ["integer"]),
        (["training.device=gpu"], "training.device", ["'auto', 'cpu', 'cuda'"]),
        (["training.full_determinism=yes please"], "training.full_determinism", ["true or false"]),
        (["backbone.scratch.hidden_size=30"], "backbone.scratch.hidden_size", ["multiple of"]),
        (["backbone.scratch.hiden_size=30"], "backbone.scratch.hiden_size", ["did you mean 'backbone.scratch.hidden_size'"]),
        (["backbone.fallback=download"], "backbone.fallback", ["'scratch', 'error'"]),
        (["data.stride=200"], "data.stride", ["must be in [0, 127)"]),
        (["data.segmenter=spacy"], "data.segmenter", ["unknown segmenter"]),
        (["augment.lexicons.PLACE=[places]"], "augment.lexicons.PLACE", ["unknown label"]),
        (["augment.lexicons.RANK=ranks"], "augment.lexicons.RANK", ["list of str"]),
        (["augment.replace_prob=1.5"], "augment.replace_prob", ["(0, 1]"]),
        (["name=runs/evil"], "name", ["plain directory name"]),
        (["data.corpus=null", "data.train_file=null"], "data.corpus", ["no training data"]),
        (["data.corpus=[]"], "data.corpus", ["no training data"]),
        (["data.num_proc=0"], "data.num_proc", ["at least 1"]),
        (["backbone.bundled.learning_rate=-1"], "backbone.bundled.learning_rate", ["> 0"]),
        (["training.self_training.threshold=0.2"], "training.self_training.threshold", ["[0.5, 1]"]),
        (["training=5"], "training", ["must be a mapping"]),
    ],
)
def test_errors_name_the_dotted_key(overrides, path, words):
    with pytest.raises(ConfigError) as err:
        load_config(CONFIGS / "base.yaml", overrides)
    msg = str(err.value)
    assert f"{path}:" in msg, msg
    assert str(CONFIGS / "base.yaml") in msg
    for w in words:
        assert w in msg, msg


def test_typo_in_a_file_is_rejected_with_its_path(tmp_path):
    data = raw("tiny.yaml")
    data["training"]["warmup_ration"] = 0.2
    p = tmp_path / "typo.yaml"
    p.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"typo.yaml: training.warmup_ration: unknown key \(did you mean 'training.warmup_ratio'\?\)"):
        load_config(p)


def test_not_a_mapping_and_not_yaml(tmp_path):
    p = tmp_path / "list.yaml"
    p.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(p)
    p.write_text("training: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(p)
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.yaml")


def test_overrides_are_typed_and_validated_like_the_file():
    cfg = load_config(CONFIGS / "base.yaml", [
        "training.epochs=3", "data.segmenter=pyvi", "augment.lexicons.RANK=[ranks, titles]",
        "backbone.tokenizer_dir=/some/where", "training.learning_rate=1e-3", "augment.person_surnames=null",
    ])
    assert cfg.training.epochs == 3.0 and isinstance(cfg.training.epochs, float)
    assert cfg.data.segmenter == "pyvi"
    assert cfg.augment.lexicons["RANK"] == ["ranks", "titles"]
    assert cfg.augment.lexicons["LOCATION"] == ["places", "countries"]  # siblings untouched
    assert cfg.backbone.tokenizer_dir == "/some/where"
    assert cfg.training.learning_rate == pytest.approx(1e-3)  # YAML 1.1 reads "1e-3" as a string
    assert cfg.augment.person_surnames is None


def test_parse_override_errors():
    assert parse_override("a.b=[1, 2]") == (["a", "b"], [1, 2])
    assert parse_override("a=x=y") == (["a"], "x=y")
    with pytest.raises(ConfigError, match="key.path=value"):
        parse_override("training.epochs")
    with pytest.raises(ConfigError, match="dotted key path"):
        parse_override("training..epochs=3")
    with pytest.raises(ConfigError, match="is not a mapping"):
        config_from_dict({"name": "x"}, ["name.inner=3"])


def test_resolved_config_round_trips(tmp_path):
    cfg = load_config(CONFIGS / "base.yaml", ["training.epochs=2", "name=rt"])
    path = save_config(cfg, tmp_path / "config.yaml")
    again = load_config(path)
    assert again == cfg
    assert config_diff(cfg, again) == []


def test_config_diff_names_keys():
    a = load_config(CONFIGS / "tiny.yaml")
    b = load_config(CONFIGS / "tiny.yaml", ["training.epochs=9", "augment.lexicons.RANK=[x]"])
    diff = config_diff(a, b)
    assert any(d.startswith("training.epochs: 3.0 -> 9.0") for d in diff)
    assert any(d.startswith("augment.lexicons.RANK:") for d in diff)
    assert len(diff) == 2


def test_cli_reports_config_errors_with_the_path():
    res = runner.invoke(app, ["train", "--config", str(CONFIGS / "tiny.yaml"), "--set", "training.epoch=3"])
    assert res.exit_code == 2
    assert "training.epoch: unknown key" in res.output
    assert "Traceback" not in res.output


def test_cli_print_config_shows_overrides_and_name():
    res = runner.invoke(app, ["train", "-c", str(CONFIGS / "base.yaml"), "--set", "training.epochs=3",
                              "--name", "trial", "--output-dir", "elsewhere", "--print-config"])
    assert res.exit_code == 0, res.output
    shown = yaml.safe_load(res.output)
    assert shown["training"]["epochs"] == 3.0
    assert shown["name"] == "trial" and shown["output_dir"] == "elsewhere"
    assert config_from_dict(shown) == load_config(CONFIGS / "base.yaml", ["training.epochs=3", "name=trial",
                                                                            "output_dir=elsewhere"])


def test_corpus_has_one_spelling_and_the_old_one_maps_onto_it_with_a_warning(tmp_path):
    """``data.corpus`` is the one key; ``data.corpus_dir`` (older configs, saved runs) is
    read as ``data.corpus`` with a FutureWarning that names the fix."""
    data = raw("tiny.yaml")
    data["data"].pop("corpus", None)
    data["data"]["corpus_dir"] = str(tmp_path)
    with pytest.warns(FutureWarning, match="write data.corpus"):
        cfg = config_from_dict(data)
    assert cfg.data.corpus == [str(tmp_path)] and not hasattr(cfg.data, "corpus_dir")
    with pytest.warns(FutureWarning, match="--set"):
        cfg = config_from_dict(raw("tiny.yaml"), ["data.corpus_dir=null", "data.train_file=data/gold/seeds.gold.jsonl"])
    assert cfg.data.corpus is None
    # a saved run's config holds both keys: data.corpus wins, as it always did
    data = raw("tiny.yaml")
    data["data"].update(corpus=["kept"], corpus_dir="data/raw")
    with pytest.warns(FutureWarning):
        assert config_from_dict(data).data.corpus == ["kept"]
    assert "corpus_dir" not in config_from_dict(raw("tiny.yaml")).to_yaml()
