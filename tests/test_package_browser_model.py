"""cookkit.browser_model: the page runs the smallest released GGUF file that keeps the skill,
chosen from the records; it refuses a released file that differs from the MANIFEST; a pushed
release is loaded from its hub repository.

Choosing by name would ship a file that lost the skill (the quantize recipe's Q4_1) the day the
release changes; serving an unchecked file would show readers another model than the one released.
"""

import json

import pytest
from test_package_gguf_split import tiny_gguf

from cookkit import browser_model
from cookkit.provenance import manifest_text
from cookkit.records import sha256_of

QUANTIZED = {
    "artifacts": {
        "gguf-q8_0": "artifacts/cpu/quantize/gguf/model-q8_0.gguf",
        "gguf-q4_1": "artifacts/cpu/quantize/gguf/model-q4_1.gguf",
        "gguf-mix": "artifacts/cpu/quantize/gguf/model-mix.gguf",
        "run_record": "artifacts/cpu/quantize/run-record.json",
    }
}
EVALUATED = {
    "metrics": {
        "results": {
            "gguf-q8_0": {"date_skill": {"exact_match": 0.94}},
            "gguf-q4_1": {"date_skill": {"exact_match": 0.08}},
            "gguf-mix": {"date_skill": {"exact_match": 0.9}},
        }
    }
}
FILES = {
    "gguf/model-q8_0.gguf": {"bytes": 300},
    "gguf/model-q4_1.gguf": {"bytes": 100},
    "gguf/model-mix.gguf": {"bytes": 200},
    "README.md": {"bytes": 10},
}


def test_the_smallest_file_that_keeps_the_skill_is_chosen():
    chosen = browser_model.smallest_skilled(FILES, QUANTIZED, EVALUATED, floor=0.8)
    assert chosen == ("gguf/model-mix.gguf", "gguf-mix", 0.9), "q4_1 lost the skill: not it"
    assert browser_model.smallest_skilled(FILES, QUANTIZED, EVALUATED, floor=0.92)[0] == (
        "gguf/model-q8_0.gguf"
    )
    assert browser_model.smallest_skilled(FILES, QUANTIZED, EVALUATED, floor=0.95) is None


def test_a_pushed_release_is_loaded_from_the_hub():
    prefix = "artifacts/cpu/share/release/"
    shared = {
        "parameters": {"push_to": "me/dates", "min_skill": 0.8, "model_name": "dates"},
        "artifacts": {"release": prefix.rstrip("/")},
        "files": {prefix + k: {**v, "sha256": f"hash of {k}"} for k, v in FILES.items()},
    }
    model = browser_model.hub_model(shared, QUANTIZED, EVALUATED)
    url = "https://huggingface.co/me/dates/resolve/main/gguf/model-mix.gguf"
    assert model.parts == (browser_model.Part(url, 200, "hash of gguf/model-mix.gguf"),)
    assert model.sha256 == "hash of gguf/model-mix.gguf" and model.origin.endswith("me/dates")
    shared["parameters"]["push_to"] = ""
    assert browser_model.hub_model(shared, QUANTIZED, EVALUATED) is None, "nothing was pushed"


def a_release(tmp_path):
    """A release folder as the share recipe writes it, with one small GGUF file."""
    release = tmp_path / "share" / "release"
    (release / "gguf").mkdir(parents=True)
    tiny_gguf(release / "gguf" / "model-mix.gguf")
    for stage, record in (("quantize", QUANTIZED), ("evaluate", EVALUATED)):
        (release / "provenance" / stage).mkdir(parents=True)
        (release / "provenance" / stage / "run-record.json").write_text(json.dumps(record))
    (release / "MANIFEST").write_text(manifest_text(release, {}))
    record = {"parameters": {"min_skill": 0.8, "model_name": "dates"}}
    (release.parent / "run-record.json").write_text(json.dumps(record))
    return release


def test_the_site_carries_the_released_file_in_checked_parts(tmp_path):
    release = a_release(tmp_path)
    model = browser_model.release_model(release)
    assert (model.path, model.method, model.origin) == ("gguf/model-mix.gguf", "gguf-mix", "site")
    assert model.sha256 == sha256_of(release / model.path), "not the MANIFEST's hash"
    site = tmp_path / "html"
    placed = browser_model.site_model(model, release, site, max_bytes=10**6)
    (part,) = placed.parts
    assert part.url == "try-model/model/model-mix.gguf"
    assert part.sha256 == sha256_of(site / part.url), "the recorded hash is not the part's"
    config = placed.config()
    assert any("March 5, 2021" in e for e in config["examples"]), "the skill is not an example"


def test_a_released_file_that_differs_from_the_manifest_stops_the_build(tmp_path):
    release = a_release(tmp_path)
    model = browser_model.release_model(release)
    with open(release / model.path, "r+b") as handle:
        handle.seek(-1, 2)
        last = handle.read(1)
        handle.seek(-1, 2)
        handle.write(bytes([last[0] ^ 1]))
    with pytest.raises(ValueError, match="MANIFEST says"):
        browser_model.site_model(model, release, tmp_path / "html")


def test_wllama_is_copied_with_its_license(tmp_path):
    package = tmp_path / "wllama"
    for inside in {**browser_model.WLLAMA_FILES, **browser_model.WLLAMA_LICENSE}.values():
        (package / inside).parent.mkdir(parents=True, exist_ok=True)
        (package / inside).write_text(inside)
    (package / "package.json").write_text('{"version": "9.9.9"}')
    written = browser_model.copy_wllama(package, tmp_path / "html")
    assert {p.name for p in written} == {"index.js", "wllama.wasm", "LICENSE.txt", "package.json"}
    assert browser_model.wllama_version(package) == "9.9.9"
    assert browser_model.wllama_version(tmp_path / "absent") is None
