"""A chat app for any OpenAI-compatible endpoint: the serve recipe's demo.

Run it beside a server started by the recipe (or any other):

    COOKBOOK_ENDPOINT=http://127.0.0.1:8000/v1 COOKBOOK_MODEL=smollm2-dates \
    COOKBOOK_API_KEY=... streamlit run cookbook/07-serve/chat_app.py

The endpoint, the model and the key are settings in the sidebar; the environment variables above
only fill them in. The app keeps the conversation in the session and streams each reply as the
server writes it.
"""

import os

import streamlit as st
from openai import OpenAI, OpenAIError

st.set_page_config(page_title="Open LLM Cookbook chat", page_icon="💬")

with st.sidebar:
    st.header("Settings")
    endpoint = st.text_input(
        "Endpoint", os.environ.get("COOKBOOK_ENDPOINT", "http://127.0.0.1:8000/v1")
    )
    model = st.text_input("Model", os.environ.get("COOKBOOK_MODEL", "smollm2-dates"))
    api_key = st.text_input("API key", os.environ.get("COOKBOOK_API_KEY", ""), type="password")
    max_tokens = st.slider("Longest reply (tokens)", 8, 512, 128)
    if st.button("New conversation"):
        st.session_state.messages = []

st.title("Chat with the cookbook's model")
st.caption(f"{model} at {endpoint}")

if "messages" not in st.session_state:
    st.session_state.messages = []
for message in st.session_state.messages:
    with st.chat_message(message["role"]):
        st.markdown(message["content"])

if prompt := st.chat_input("Ask something, or give it a date to rewrite"):
    st.session_state.messages.append({"role": "user", "content": prompt})
    with st.chat_message("user"):
        st.markdown(prompt)
    client = OpenAI(base_url=endpoint, api_key=api_key or "none", max_retries=0, timeout=60)
    with st.chat_message("assistant"):
        try:
            stream = client.chat.completions.create(
                model=model,
                messages=st.session_state.messages,
                max_tokens=max_tokens,
                temperature=0,
                stream=True,
            )
            reply = st.write_stream(
                chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices
            )
        except OpenAIError as error:
            reply = None
            st.error(f"The endpoint did not answer: {error}")
    if reply:
        st.session_state.messages.append({"role": "assistant", "content": reply})
