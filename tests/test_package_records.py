"""cookkit.records: a run record holds every field, relative paths, file hashes and the CPU, beside
the artifacts.

The next stage reads this file, and readers compare theirs with ours: a missing field or an absolute
path breaks both, a speed without the CPU that gave it means little, and a tolerance for a metric
that does not exist would make `verify` check nothing.
"""

import hashlib
import json
import re

import pytest

from cookkit import paths
from cookkit.records import (
    RECORD_FILE,
    RunRecord,
    environment,
    optional_run_record,
    read_run_record,
    sha256_of,
)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    return tmp_path


def test_sha256_of_matches_hashlib(tmp_path):
    file = tmp_path / "data.bin"
    file.write_bytes(b"open recipes" * 1000)
    assert sha256_of(file) == hashlib.sha256(b"open recipes" * 1000).hexdigest()


def test_environment_names_versions_and_the_cpu():
    import torch  # noqa: F401  (the capability comes from torch)

    env = environment("cpu")
    for key in ("python", "torch", "transformers", "peft", "device", "cpu_count", "cpu"):
        assert key in env, f"environment() lacks {key}"
    assert env["cpu"]["model"] and env["cpu"]["capability"] in {
        "DEFAULT",
        "AVX2",
        "AVX512",
        "NO AVX",
        "ZVECTOR",
    }


def test_finish_writes_the_record_and_returns_the_same_json(project):
    stage = paths.stage_dir("cpu", "data")
    corpus = stage / "corpus.txt"
    corpus.write_text("hello\n")
    record = RunRecord(
        recipe="01-data/corpus", profile="cpu", parameters={"steps": 3}, folder=stage
    )
    record.add_input("corpus", corpus, license="MIT")
    record.add_artifact("corpus", corpus)
    record.metrics.update(documents=1, speed=2.5)
    record.tolerances["speed"] = "×3"
    printed = json.loads(record.finish())
    written = json.loads((stage / RECORD_FILE).read_text())
    assert printed == written == read_run_record("artifacts/cpu/data")
    assert written["artifacts"] == {
        "corpus": "artifacts/cpu/data/corpus.txt",
        "run_record": "artifacts/cpu/data/run-record.json",
    }
    assert written["inputs"]["corpus"] == {
        "license": "MIT",
        "path": "artifacts/cpu/data/corpus.txt",
        "sha256": sha256_of(corpus),
    }
    assert written["files"] == {
        "artifacts/cpu/data/corpus.txt": {"bytes": 6, "sha256": sha256_of(corpus)}
    }, "finish must list each file of each artifact with its size and sha256"
    assert written["tolerances"] == {"speed": "×3"}
    assert written["duration_s"] >= 0 and written["environment"]["python"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", written["finished_at"])
    assert str(project) not in json.dumps(written), "the record holds an absolute path"
    assert record.summary().endswith("artifacts go to artifacts/cpu/data")


@pytest.mark.parametrize(("metric", "spec"), [("nothing", "×3"), ("documents", "roughly")])
def test_a_tolerance_must_name_a_metric_and_parse(project, metric, spec):
    record = RunRecord(recipe="01-data/corpus", profile="cpu", parameters={}, folder=project / "s")
    record.metrics["documents"] = 1
    record.tolerances[metric] = spec
    with pytest.raises(ValueError, match="tolerance"):
        record.finish()
    assert not (project / "s" / RECORD_FILE).exists()


def test_missing_record_says_which_stage_to_run(project):
    with pytest.raises(FileNotFoundError, match="run the stage that writes it"):
        read_run_record("artifacts/cpu/pretrain")


def test_an_optional_stage_that_has_not_run_has_no_record(project):
    assert optional_run_record("") is None, "an empty folder parameter means: skip that stage"
    assert optional_run_record("artifacts/cpu/missing") is None
    folder = project / "artifacts" / "cpu" / "done"
    folder.mkdir(parents=True)
    (folder / RECORD_FILE).write_text('{"recipe": "x"}')
    assert optional_run_record("artifacts/cpu/done") == {"recipe": "x"}


def test_files_list_every_file_of_a_folder_but_not_an_unhashed_artifact(project):
    stage = paths.stage_dir("cpu", "pretrain")
    (stage / "model").mkdir()
    (stage / "model" / "a.bin").write_bytes(b"a")
    (stage / "model" / "b.json").write_text("{}")
    (stage / "checkpoints").mkdir()
    (stage / "checkpoints" / "step-1.bin").write_bytes(b"c")
    record = RunRecord(recipe="02-pretrain/x", profile="cpu", parameters={}, folder=stage)
    record.add_artifact("model", stage / "model")
    record.add_artifact("checkpoints", stage / "checkpoints", hashed=False)
    record.metrics["loss"] = 1.0
    written = json.loads(record.finish())
    assert list(written["files"]) == [
        "artifacts/cpu/pretrain/model/a.bin",
        "artifacts/cpu/pretrain/model/b.json",
    ], "files should hold the model's files, sorted, and skip the unhashed checkpoints"
    assert "checkpoints" in written["artifacts"], "an unhashed artifact is still listed"
