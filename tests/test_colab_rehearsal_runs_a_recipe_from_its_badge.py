"""A recipe with an earlier stage runs as Colab runs it from its badge, and its assertions hold.

Colab gives a notebook alone: a folder with nothing of ours in it, a Python with torch and
`google.colab` loaded, packages from the registry, and no `artifacts/`. Before, four recipes
stopped there in their validation cell, and the command that error suggested failed too. This
rehearses that: the working tree becomes a local git remote (`$COOKBOOK_REPOSITORY`), a fresh
virtual environment gets torch, NumPy and ipykernel only, and nbclient (not papermill) executes the
pretrain recipe (or those `$COOKBOOK_REHEARSE` names), copied alone into an empty folder. Its setup
cell clones, installs its extra from the registry, and its parameter check builds the data stage
it reads.

Minutes, not seconds (packages, then the data and pretrain recipes): `make test-colab` runs it;
`make test` leaves it out for its time budget, and the weekly workflow runs it.
"""

import json
import os
import shutil
import subprocess
import sys
import time
import venv

import nbformat
import pytest
from nbclient import NotebookClient

from cookkit.recipes import defaults_of, recipes

from conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.colab]
# what to rehearse: pretrain; others by hand with `COOKBOOK_REHEARSE=start,data make test-colab`
STAGES = os.environ.get("COOKBOOK_REHEARSE", "pretrain").split(",")
PRELOADED = ["torch", "numpy", "ipykernel"]  # a few of what Colab has before the notebook starts


def pinned(*names: str) -> list[str]:
    done = subprocess.run(
        [str(ROOT / ".ci" / "pins.sh"), *names], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def local_remote(folder):
    """A git repository holding the working tree's files (tracked, and new ones not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "-z"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, folder / name)
    git = ["git", "-c", "user.name=rehearsal", "-c", "user.email=rehearsal@localhost"]
    subprocess.run(["git", "init", "-q"], cwd=folder, check=True)
    subprocess.run([*git, "add", "-A"], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "rehearsal"], cwd=folder, check=True)
    return folder


def colab_runtime(folder):
    """A virtual environment with what Colab preinstalls, and `google.colab` loaded at start."""
    venv.create(folder / "python", with_pip=True)
    python = folder / "python" / "bin" / "python"
    index = ["--index-url", os.environ["TORCH_INDEX"]] if os.environ.get("TORCH_INDEX") else []
    for package in PRELOADED:  # torch alone, so that $TORCH_INDEX can give the CPU build
        install = [str(python), "-m", "pip", "install", "-q", *pinned(package)]
        subprocess.run(install + (index if package == "torch" else []), check=True)
    site = folder / "colab-site"
    (site / "google" / "colab").mkdir(parents=True)
    (site / "google" / "colab" / "__init__.py").write_text('"""Stands in for Colab\'s module."""\n')
    (site / "sitecustomize.py").write_text("import google.colab  # Colab's kernel has it loaded\n")
    return python, site


def colab_kernel(folder, python, site, remote):
    """A kernel spec (under ``folder``) that starts ``python`` as Colab's runtime would."""
    spec = folder / "kernels" / "colab"
    spec.mkdir(parents=True)
    env = {
        "COOKBOOK_REPOSITORY": remote.as_uri(),
        "PYTHONPATH": str(site),
        "PATH": f"{python.parent}{os.pathsep}{os.environ['PATH']}",
        "VIRTUAL_ENV": str(python.parents[1]),
        "COOKBOOK_ROOT": "",  # the project is the clone, found from the working folder
        "COOKBOOK_ARTIFACTS": "",
    }
    argv = [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Colab rehearsal", "language": "python", "env": env}
    (spec / "kernel.json").write_text(json.dumps(kernel))
    return folder


@pytest.mark.skipif(not shutil.which("git"), reason="the rehearsal clones with git")
@pytest.mark.parametrize("stage", STAGES)
def test_a_recipe_runs_from_its_badge_alone(stage, tmp_path, monkeypatch):
    recipe = next((r for r in recipes() if r.stage == stage), None)
    assert recipe, f"no stage {stage!r} to rehearse: choose from {[r.stage for r in recipes()]}"
    remote = local_remote(tmp_path / "remote")
    python, site = colab_runtime(tmp_path)
    monkeypatch.setenv(
        "JUPYTER_PATH", str(colab_kernel(tmp_path / "jupyter", python, site, remote))
    )
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(recipe.path, content / recipe.path.name)
    notebook = nbformat.read(content / recipe.path.name, as_version=4)
    client = NotebookClient(
        notebook, timeout=1800, kernel_name="colab", resources={"metadata": {"path": str(content)}}
    )
    started = time.perf_counter()
    client.execute()
    minutes = (time.perf_counter() - started) / 60
    nbformat.write(notebook, tmp_path / "executed.ipynb")
    printed = "".join(
        "".join(o.get("text", "")) for c in notebook.cells for o in c.get("outputs", [])
    )
    earlier = [n.removesuffix("_dir") for n in defaults_of(recipe) if n.endswith("_dir")]
    built = content / "cookbook" / "artifacts" / "cpu"
    assert not earlier or "building them first, on profile 'cpu'" in printed, (
        f"the recipe reads {earlier} and built none of them"
    )
    for made in [*earlier, stage]:
        assert (built / made / "run-record.json").is_file(), (
            f"no run record of {made}: the clone's artifacts/cpu holds "
            f"{sorted(p.name for p in built.iterdir())}"
        )
    print(f"rehearsed {recipe.key} from its badge in {minutes:.1f} min")


if __name__ == "__main__":  # rehearse by hand: python tests/test_colab_... (prints the time)
    sys.exit(pytest.main([__file__, "-s", "-p", "no:nbval", "-o", "addopts="]))
