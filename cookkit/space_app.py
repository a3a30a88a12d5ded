"""The release's Space-ready demo: a Streamlit app, its requirements and a Space's README.

A Hugging Face Space is a repository whose ``README.md`` opens with YAML that names its SDK and app
file. A model repository's ``README.md`` is its model card: the same name, another purpose. So the
demo lives in the release's ``space/`` folder, with a README of its own, and its app loads the
release folder it sits in (``..``), offline. Uploaded alone as a Space (``hf upload --repo-type
space <you>/<name> release/space .``) it loads the release from the hub repository the share
recipe pushed it to, named in ``space.json``.

``write_space`` writes the folder; the app itself is a file of the package,
``cookkit/templates/space_app.py``. The requirements pin the versions this environment runs, the
ones ``make setup`` installs from ``requirements/`` and the share recipe loads the release with.
"""

from __future__ import annotations

import json
import shutil
from importlib.metadata import version
from pathlib import Path

from cookkit.browser_model import example_prompts

SPACE_FOLDER = "space"
"""The release's subfolder that holds the demo."""
APP_TEMPLATE = Path(__file__).with_name("templates") / "space_app.py"
"""The app, copied as it is."""
REQUIREMENTS = ("torch", "transformers", "streamlit")
"""What the app imports, pinned at the versions installed here."""


def pinned(package: str) -> str:
    """``package==<installed version>``, without a local build tag such as ``+cpu``."""
    return f"{package}=={version(package).split('+')[0]}"


def space_readme(model_name: str, license_id: str, repo: str = "") -> str:
    """The Space's README: the YAML a Space reads (SDK, version, app file), then a short text."""
    header = {
        "title": f"{model_name} demo",
        "emoji": "📅",
        "colorFrom": "blue",
        "colorTo": "green",
        "sdk": "streamlit",
        "sdk_version": version("streamlit"),
        "app_file": "app.py",
        "pinned": False,
        "license": license_id,
        "short_description": "Rewrites dates as YYYY-MM-DD: the Open LLM Cookbook's model",
    }
    if repo:
        header["models"] = [repo]
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in header.items()]
    source = f"the release [{repo}](https://huggingface.co/{repo})" if repo else "its release"
    return (
        "---\n" + "\n".join(lines) + "\n---\n\n"
        f"# {model_name}: try it\n\n"
        f"A chat with {model_name}, the model the Open LLM Cookbook's recipes make: it rewrites a "
        "date written in words as `YYYY-MM-DD`. The app loads the release folder it sits in "
        f"(`..`); uploaded alone as a Space it loads {source}.\n\n"
        "Run it locally, inside the release folder:\n\n"
        "```bash\npip install -r space/requirements.txt\nstreamlit run space/app.py\n```\n"
    )


def write_space(release: Path, model_name: str, license_id: str, repo: str = "") -> list[Path]:
    """Write the demo into ``release``/space: ``app.py``, ``requirements.txt``, ``README.md``
    (a Space's front matter) and ``space.json`` (its title, the hub repository ``repo`` the
    release is pushed to, if any, and the example prompts). Return the files written.
    """
    folder = Path(release) / SPACE_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    settings = {
        "title": f"{model_name}: rewrite a date",
        "model_name": model_name,
        "repo": repo,
        "examples": example_prompts()[:2],
    }
    files = {
        "README.md": space_readme(model_name, license_id, repo),
        "requirements.txt": "\n".join(pinned(p) for p in REQUIREMENTS) + "\n",
        "space.json": json.dumps(settings, indent=1, ensure_ascii=False) + "\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    shutil.copyfile(APP_TEMPLATE, folder / "app.py")
    return [folder / name for name in ("app.py", *files)]
