"""`python -m cookkit trace` passes an untouched chain and fails on any change, naming the file and
both hashes.

A release is only checkable if the check can fail: without this, a corrupted download, a weight file
swapped after the evaluation, or a stage re-run behind the release's back would pass as verified,
and a reader would have no way to find which file changed.
"""

import json
import shutil

import pytest

from cookkit import paths, provenance
from cookkit.__main__ import main
from cookkit.records import RECORD_FILE, RunRecord, sha256_of

CORPUS_PACKAGE = "toy-corpus==1.0"


@pytest.fixture
def chain(tmp_path, monkeypatch):
    """A two-stage chain (data -> finetune) and a release copying the fine-tune's weights."""
    monkeypatch.setenv(paths.ROOT_ENV, str(tmp_path))
    monkeypatch.delenv(paths.ARTIFACTS_ENV, raising=False)
    data = paths.stage_dir("cpu", "data")
    (data / "corpus.txt").write_text("open recipes\n" * 100)
    made = RunRecord(recipe="01-data/corpus", profile="cpu", parameters={}, folder=data)
    made.add_input("corpus", package=CORPUS_PACKAGE, sha256="ab" * 32)
    made.add_artifact("corpus", data / "corpus.txt")
    made.finish()
    tune = paths.stage_dir("cpu", "finetune")
    (tune / "weights.bin").write_bytes(bytes(range(256)) * 64)
    tuned = RunRecord(recipe="03-finetune/tune", profile="cpu", parameters={}, folder=tune)
    tuned.add_input("corpus", data / "corpus.txt")
    tuned.add_artifact("weights", tune / "weights.bin")
    tuned.finish()
    release = paths.stage_dir("cpu", "share") / "release"
    sources = {
        "weights.bin": "artifacts/cpu/finetune/weights.bin",
        "provenance/data/run-record.json": "artifacts/cpu/data/run-record.json",
        "provenance/finetune/run-record.json": "artifacts/cpu/finetune/run-record.json",
    }
    for name, upstream in sources.items():
        (release / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tmp_path / upstream, release / name)
    (release / "README.md").write_text("# toy model\n")
    (release / provenance.MANIFEST_FILE).write_text(provenance.manifest_text(release, sources))
    return tmp_path


def flip_one_byte(file):
    """Change one bit of the byte in the middle of ``file``; return the file's old sha256."""
    before = sha256_of(file)
    content = bytearray(file.read_bytes())
    content[len(content) // 2] ^= 0x01
    file.write_bytes(bytes(content))
    return before


def traced(target, capsys):
    status = main(["trace", str(target)])
    captured = capsys.readouterr()
    return status, captured.out + captured.err


def test_an_untouched_release_traces_back_to_its_sources(chain, capsys):
    status, out = traced(chain / "artifacts/cpu/share/release", capsys)
    assert status == 0, f"trace fails on an untouched release:\n{out}"
    assert "chain verified" in out and CORPUS_PACKAGE in out, (
        f"the report should end verified and name the corpus it reached:\n{out}"
    )


def test_one_changed_byte_in_a_release_fails_naming_the_file_and_both_hashes(chain, capsys):
    weights = chain / "artifacts/cpu/share/release/weights.bin"
    before = flip_one_byte(weights)
    status, out = traced(weights.parent, capsys)
    assert status == 1, f"trace passed a release with a changed byte:\n{out}"
    line = next((x for x in out.splitlines() if x.startswith("MISMATCH weights.bin")), "")
    assert before in line and sha256_of(weights) in line, (
        f"the mismatch must name weights.bin with the MANIFEST's and the file's hashes:\n{out}"
    )
    status, _ = traced(weights.parent / "README.md", capsys)
    assert status == 0, "tracing one untouched file of the release should pass"


def test_a_file_added_to_or_missing_from_a_release_fails(chain, capsys):
    release = chain / "artifacts/cpu/share/release"
    (release / "extra.txt").write_text("not in the MANIFEST\n")
    status, out = traced(release, capsys)
    assert status == 1 and "extra.txt" in out and "(not listed)" in out, out
    (release / "extra.txt").unlink()
    (release / "README.md").unlink()
    status, out = traced(release, capsys)
    assert status == 1 and "README.md" in out and "missing" in out, out


def test_a_changed_upstream_file_fails_the_trace_of_a_stage(chain, capsys):
    corpus = chain / "artifacts/cpu/data/corpus.txt"
    before = flip_one_byte(corpus)
    status, out = traced(chain / "artifacts/cpu/finetune", capsys)
    assert status == 1, f"trace passed a stage whose upstream file changed:\n{out}"
    line = next((x for x in out.splitlines() if "artifacts/cpu/data/corpus.txt" in x), "")
    assert before in line and sha256_of(corpus) in line, (
        f"the mismatch must name artifacts/cpu/data/corpus.txt and both hashes:\n{out}"
    )


def test_a_hop_whose_records_disagree_fails(chain, capsys):
    record_file = chain / "artifacts/cpu/finetune" / RECORD_FILE
    record = json.loads(record_file.read_text())
    record["inputs"]["corpus"]["sha256"] = "0" * 64  # as if it had read another corpus
    record_file.write_text(json.dumps(record))
    status, out = traced(chain / "artifacts/cpu/finetune/weights.bin", capsys)
    assert status == 1 and "finetune's run record says " + "0" * 64 in out, (
        f"a downstream input hash that differs from the upstream record must fail:\n{out}"
    )
    assert "data's run record has" in out, out


def test_a_path_outside_any_release_or_stage_is_refused(chain, capsys):
    (chain / "loose.txt").write_text("x")
    status, out = traced(chain / "loose.txt", capsys)
    assert status == 1 and "no release" in out and "no stage" in out, out
    status, out = traced(chain / "nothing-here", capsys)
    assert status == 1 and "does not exist" in out, out


def test_a_stage_file_no_record_lists_is_not_verified(chain, capsys):
    log = chain / "artifacts/cpu/finetune/train.log"
    log.write_text("written after the run record\n")
    status, out = traced(log, capsys)
    assert status == 1 and "artifacts/cpu/finetune/train.log" in out and "(not listed)" in out, (
        f"a file the stage's run record does not list must not pass as traced:\n{out}"
    )


def test_a_record_written_before_files_were_hashed_says_to_rerun_the_stage(chain, capsys):
    record_file = chain / "artifacts/cpu/finetune" / RECORD_FILE
    record = json.loads(record_file.read_text())
    del record["files"]
    record_file.write_text(json.dumps(record))
    status, out = traced(record_file.parent, capsys)
    assert status == 1 and "run the finetune stage again" in out, out
