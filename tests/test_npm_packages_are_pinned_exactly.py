"""Each npm package the site serves (wllama, for the "Try the model" page) is pinned to one exact
version in package.json, and package-lock.json locks that version with its integrity hash.

A range (``^3.8.1``) lets ``npm install`` take a newer wllama whose WebAssembly or API differs from
the one tested; a lock that disagrees with package.json makes ``npm ci`` (``make setup``) fail.
"""

import json
import re

from conftest import ROOT

EXACT = re.compile(r"^\d+\.\d+\.\d+$")


def test_package_json_pins_exact_versions_that_the_lock_file_holds():
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert wanted, "package.json lists no dependency: the Try the model page needs @wllama/wllama"
    loose = {name: v for name, v in wanted.items() if not EXACT.match(v)}
    assert not loose, f"pin exact versions in package.json (1.2.3, not ^1.2.3): {loose}"
    assert lock[""]["dependencies"] == wanted, "package-lock.json is stale: run `npm install`"
    for name, version in wanted.items():
        locked = lock.get(f"node_modules/{name}", {})
        assert locked.get("version") == version, f"{name}: locked {locked.get('version')}"
        assert locked.get("integrity", "").startswith("sha512-"), f"{name}: no integrity hash"
