"""Each package is pinned in exactly one file of requirements/, and requirements.txt pins nothing
itself.

The extras of pyproject.toml are built from these files, several stages sharing one: a package
pinned in two files would let a change of version reach one stage's extra and not another's, and
Colab would install another version than CI tested.
"""

import re

from conftest import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.-]+)(?:\[[\w,]+\])?==", re.M)


def test_each_package_is_pinned_in_one_file():
    where: dict[str, list[str]] = {}
    for file in sorted((ROOT / "requirements").glob("*.txt")):
        for name in PIN.findall(file.read_text()):
            where.setdefault(name.lower(), []).append(file.name)
    twice = {name: files for name, files in where.items() if len(files) > 1}
    assert not twice, f"pinned in more than one file (keep one, in the file of its group): {twice}"
    assert not PIN.findall((ROOT / "requirements.txt").read_text()), (
        "requirements.txt pins a version itself: move the line into requirements/<group>.txt"
    )


def test_requirements_txt_installs_every_cpu_group():
    listed = set(
        re.findall(r"^-r requirements/(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    )
    apart = {"no-deps.txt", "gpu.txt", "gptq.txt", "vllm.txt", "ci.txt"}  # installed their own way
    files = {f.name for f in (ROOT / "requirements").glob("*.txt")}
    assert files - apart <= listed, (
        f"requirements.txt does not list {sorted(files - apart - listed)}"
    )
