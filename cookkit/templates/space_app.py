"""The release's demo: a Streamlit chat with the released model, ready for a Hugging Face Space.

Written into the release's ``space/`` folder by the share recipe (``cookkit.space_app``). It loads
the release folder it sits in (the folder above this file), offline; a copy of ``space/`` alone,
uploaded as a Space, loads the release from the hub repository named in ``space.json``.

    streamlit run space/app.py        # inside the release folder
"""

import json
from pathlib import Path
from threading import Thread

import streamlit as st
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer

HERE = Path(__file__).resolve().parent
SETTINGS = json.loads((HERE / "space.json").read_text())
MAX_NEW_TOKENS = 48


def release() -> str:
    """The release to load: the folder this app sits in, else its hub repository."""
    folder = HERE.parent
    if (folder / "config.json").is_file():
        return str(folder)
    if SETTINGS.get("repo"):
        return SETTINGS["repo"]
    raise FileNotFoundError(f"no release beside {HERE} and no hub repository in space.json")


@st.cache_resource
def loaded(where: str):
    tokenizer = AutoTokenizer.from_pretrained(where)
    model = AutoModelForCausalLM.from_pretrained(where, dtype=torch.float32).eval()
    return tokenizer, model


def answer(question: str):
    """Stream the greedy answer to ``question``, asked on its own, as the skill was scored."""
    tokenizer, model = loaded(release())
    chat = [{"role": "user", "content": question}]
    ids = tokenizer.apply_chat_template(
        chat, add_generation_prompt=True, return_tensors="pt", return_dict=True
    )
    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    settings = dict(**ids, max_new_tokens=MAX_NEW_TOKENS, do_sample=False, streamer=streamer)
    Thread(target=model.generate, kwargs=settings).start()
    yield from streamer


st.set_page_config(page_title=SETTINGS["title"], page_icon="📅")
st.title(SETTINGS["title"])
st.caption(
    f"{SETTINGS['model_name']}: the Open LLM Cookbook's release, loaded from `{release()}`. "
    "It rewrites dates as YYYY-MM-DD; each question is answered on its own, greedily."
)
if "messages" not in st.session_state:
    st.session_state.messages = []
for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"])
columns = st.columns(len(SETTINGS["examples"]))
clicked = None
for column, example in zip(columns, SETTINGS["examples"]):
    if column.button(example, width="stretch"):
        clicked = example
if question := st.chat_input("Give it a date to rewrite") or clicked:
    st.session_state.messages.append({"role": "user", "content": question})
    with st.chat_message("user"):
        st.markdown(question)
    with st.chat_message("assistant"):
        reply = st.write_stream(answer(question)).strip()
    st.session_state.messages.append({"role": "assistant", "content": reply})
