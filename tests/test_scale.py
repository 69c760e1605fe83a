"""``anninh annotate/label --engine ray`` (train/scale/) on a local Ray cluster.

One cluster (2 CPUs, no dashboard) serves the whole module; the commands find it
already initialised and reuse it. Each test asserts the output against the
single-process command on the same input, article by article.
"""
from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from train.cli import app
from train.scale.inputs import Item, make_shards, read_shard

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
runner = CliRunner()

# A foreign name that a high-precision function confirms in several articles, and one
# article that only mentions it bare: ``label``'s corpus gazetteer (its first pass) must
# see every shard for the last article to get it.
GAZ_ARTICLES = {f"g{d}": f"Ngày {d}/5, Thống đốc Halvard Brekke cho biết đã họp với Công an tỉnh Nghệ An."
                for d in range(1, 5)}
GAZ_ARTICLES["h9"] = "Trong buổi họp, Halvard Brekke từ chối bình luận."


@pytest.fixture(scope="module")
def ray_cluster():
    import ray  # the ray extra: scripts/setup.sh installs it

    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    for f in sorted(RAW.glob("*.txt")):
        shutil.copy(f, root / f.name)
    for name, text in GAZ_ARTICLES.items():
        (root / f"{name}.txt").write_text(text, encoding="utf-8")
    return root


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def records(outdir: Path, pattern: str = "part-*.jsonl") -> list[dict]:
    out = []
    for f in sorted(outdir.glob(pattern)):
        opener = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            out += [json.loads(line) for line in fh]
    return out


def single_annotate(corpus: Path, tmp_path: Path) -> list[dict]:
    out = tmp_path / "single.jsonl"
    res = invoke("annotate", str(corpus), "-m", "rules", "-o", str(out))
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def stamps(outdir: Path) -> dict[str, tuple[int, bytes]]:
    return {f.name: (f.stat().st_mtime_ns, f.read_bytes()) for f in sorted(outdir.iterdir())}


# --- without a cluster -------------------------------------------------------------

def test_shards_are_deterministic_and_cover_every_item_once():
    items = [Item(f"f{k:02d}.txt") for k in range(11)]
    a, b = make_shards(items, 4), make_shards(list(items), 4)
    assert [(s.name, s.items) for s in a] == [(s.name, s.items) for s in b]
    assert [s.name for s in a] == ["00000", "00001", "00002"]
    assert [i for s in a for i in s.items] == items


def test_jsonl_shard_reads_its_lines_and_names_the_bad_ones(tmp_path):
    f = tmp_path / "c.jsonl.gz"
    lines = [json.dumps({"id": "x1", "text": "Công an tỉnh Nghệ An"}), "", "{not json",
             json.dumps({"text": "Đại tá Lê Văn A"}), json.dumps({"id": "x5", "text": "   "})]
    with gzip.open(f, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    docs, skipped = read_shard([Item(str(f), n) for n in (1, 2, 3, 4, 5)], "annotate")
    assert [(d.item.line, d.doc_id) for d in docs] == [(1, "x1"), (4, "c.jsonl.gz:4")]
    assert [(w.rsplit(":", 1)[1], r.split(" (")[0]) for w, r in skipped] == [
        ("2", "empty line"), ("3", "not JSON"), ("5", "empty 'text'")]


def test_engine_ray_without_ray_says_how_to_install(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(tmp_path / "out"))
    assert res.exit_code == 2
    assert "pip install 'anninh-ner[ray]'" in res.output
    res = invoke("label", "-i", str(corpus), "--engine", "ray", "-o", str(tmp_path / "lab"))
    assert res.exit_code == 2 and "pip install 'anninh-ner[ray]'" in res.output


def test_output_inside_the_input_is_refused(corpus):
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(corpus / "out"))
    assert res.exit_code == 2 and "inside the input folder" in res.output
    assert not (corpus / "out" / "manifest.json").exists()


def test_options_the_ray_engine_cannot_honour_are_refused(corpus, tmp_path):
    res = invoke("annotate", str(corpus), "--engine", "ray", "-f", "conll", "-o", str(tmp_path / "o"))
    assert res.exit_code == 2 and "JSONL shards only" in res.output
    res = invoke("label", "-i", str(corpus), "--engine", "ray", "--aggregation", "hmm", "-o", str(tmp_path / "l"))
    assert res.exit_code == 2 and "--aggregation hmm" in res.output


# --- on the cluster ----------------------------------------------------------------

def test_annotate_matches_single_process_reruns_as_noop_and_resumes(ray_cluster, corpus, tmp_path):
    expected = single_annotate(corpus, tmp_path)
    out = tmp_path / "ray"
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out),
                 "--shard-size", "3", "--num-workers", "2")
    assert res.exit_code == 0, res.output
    assert "each exactly once" in res.output and "chars/s" in res.output
    assert records(out) == expected  # same records, same order, for every article
    assert sorted(p.name for p in out.glob("part-*.jsonl")) == [f"part-0000{k}.jsonl" for k in range(4)]

    before = stamps(out)
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "3")
    assert res.exit_code == 0 and "nothing to do" in res.output
    assert stamps(out) == before  # no file rewritten, not even the manifest

    # an interrupted run: the manifest knows only some shards (one shard file never renamed in)
    man = json.loads((out / "manifest.json").read_text())
    del man["shards"]["00002"]
    (out / "manifest.json").write_text(json.dumps(man))
    (out / "part-00002.jsonl").unlink()
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "3",
                 "--verify")
    assert res.exit_code == 1 and "unfinished (00002)" in res.output
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "3")
    assert res.exit_code == 0 and "1 of 4 shards written now" in res.output
    assert records(out) == expected
    after = stamps(out)
    assert {k: v for k, v in after.items() if k not in ("part-00002.jsonl", "manifest.json")} == \
        {k: v for k, v in before.items() if k not in ("part-00002.jsonl", "manifest.json")}

    # a different job in the same folder is refused, not mixed in
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "4")
    assert res.exit_code == 2 and "another job" in res.output and "shard_size" in res.output


def test_verify_names_a_duplicated_and_a_missing_article(ray_cluster, corpus, tmp_path):
    out = tmp_path / "ray"
    assert invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out),
                  "--shard-size", "5", "--num-workers", "1", "--gzip").exit_code == 0
    shard = out / "part-00000.jsonl.gz"
    lines = gzip.open(shard, "rt", encoding="utf-8").read().splitlines()
    dropped = json.loads(lines[1])["source"]
    doubled = json.loads(lines[0])["source"]
    with gzip.open(shard, "wt", encoding="utf-8") as fh:
        fh.write("\n".join([lines[0], lines[0], *lines[2:]]) + "\n")
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "5",
                 "--gzip", "--verify")
    assert res.exit_code == 1
    assert f"missing: {dropped}" in res.output and f"more than once: {doubled}" in res.output


def test_a_killed_worker_is_retried_and_every_article_is_there_once(ray_cluster, corpus, tmp_path, monkeypatch):
    marker = tmp_path / "crashed"
    monkeypatch.setenv("ANNINH_SCALE_CRASH", f"00001:{marker}")  # the actor SIGKILLs itself on shard 00001, once
    out = tmp_path / "ray"
    res = invoke("annotate", str(corpus), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "2",
                 "--num-workers", "1")
    assert marker.exists(), "the hook never fired: the test proves nothing"
    assert res.exit_code == 0, res.output
    assert "each exactly once" in res.output
    assert records(out) == single_annotate(corpus, tmp_path)


def test_a_killed_driver_resumes_to_the_same_output(ray_cluster, corpus, tmp_path):
    many = tmp_path / "many"
    many.mkdir()
    for k, f in enumerate(sorted(corpus.glob("*.txt")) * 2):  # 20 articles, one a shard
        shutil.copy(f, many / f"{k:02d}_{f.name}")
    out = tmp_path / "ray"
    args = ["annotate", str(many), "--engine", "ray", "-m", "rules", "-o", str(out), "--shard-size", "1",
            "--num-workers", "1"]
    env = {**os.environ, "RAY_ADDRESS": ray_cluster.get_runtime_context().gcs_address}
    proc = subprocess.Popen([sys.executable, "-m", "train.cli", *args], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    done_at_kill = 0
    try:
        deadline = time.time() + 240
        while time.time() < deadline and proc.poll() is None:
            try:
                done_at_kill = len(json.loads((out / "manifest.json").read_text())["shards"])
            except (OSError, ValueError):
                done_at_kill = 0
            if done_at_kill:
                os.kill(proc.pid, signal.SIGKILL)
                break
            time.sleep(0.01)
    finally:
        proc.kill()
        proc.wait()
    assert 0 < done_at_kill < 20, f"killed after {done_at_kill} of 20 shards: nothing was interrupted"
    res = invoke(*args)
    assert res.exit_code == 0, res.output
    assert "each exactly once" in res.output
    assert records(out) == single_annotate(many, tmp_path)


def test_label_matches_single_process_with_the_corpus_gazetteer(ray_cluster, corpus, tmp_path):
    single = tmp_path / "single"
    assert invoke("label", "-i", str(corpus), "-o", str(single), "--no-progress").exit_code == 0
    out = tmp_path / "ray"
    res = invoke("label", "-i", str(corpus), "--engine", "ray", "-o", str(out), "--shard-size", "2", "--no-progress")
    assert res.exit_code == 0, res.output
    assert "each exactly once" in res.output
    gaz = json.loads((out / "gazetteer.json").read_text())["entries"]
    assert gaz.get("halvard brekke", [None])[0] == "PERSON"  # evidence merged across shards
    silver = records(out, "silver-*.jsonl")
    assert silver == records(single, "silver.jsonl")
    bare = [r for r in silver if r["doc"] == "h9"]
    assert [r["text"][s:e] for r in bare for s, e, _ in r["entities"]] == ["Halvard Brekke"]
    conll = "".join(f.read_text(encoding="utf-8") for f in sorted(out.glob("silver-*.conll")))
    assert conll == (single / "silver.conll").read_text(encoding="utf-8")
    before = stamps(out)
    res = invoke("label", "-i", str(corpus), "--engine", "ray", "-o", str(out), "--shard-size", "2", "--no-progress")
    assert res.exit_code == 0 and "nothing to do" in res.output and stamps(out) == before
