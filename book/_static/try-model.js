// The "Try the model" page (book/try.md): download the released GGUF file, check each part's
// sha256, run it with wllama (llama.cpp as WebAssembly) and stream its answers into the chat.
// The build writes the model's facts into #try-model-config (book/_ext/cookbook_pages.py).

const box = document.getElementById("try-model");
const config = JSON.parse(document.getElementById("try-model-config").textContent);
const siteRoot = new URL("../", import.meta.url); // this file is the site's _static/try-model.js
const $ = (id) => document.getElementById(id);
const mib = (bytes) => (bytes / 2 ** 20).toFixed(1);
const MAX_TOKENS = 48;
let wllama = null;
let busy = false;

function setState(state, message) {
  box.dataset.state = state;
  if (message !== undefined) $("try-status").textContent = message;
}

// What stops this browser from running the model, or null. wllama's WebAssembly needs 64-bit
// memory and JavaScript promise integration; the model needs a few hundred MB of memory.
function whatIsMissing() {
  if (typeof WebAssembly !== "object") return "this browser has no WebAssembly";
  try {
    new WebAssembly.Memory({ initial: 1n, maximum: 1n, address: "i64" });
  } catch {
    return "this browser lacks WebAssembly's 64-bit memory (try a recent Chrome, Edge or Chromium)";
  }
  if (typeof WebAssembly.Suspending !== "function") {
    return "this browser lacks WebAssembly's JavaScript promise integration (try a recent Chrome or Edge)";
  }
  if (!globalThis.crypto?.subtle) return "this page is not served over HTTPS, so it cannot check the file's hash";
  const needGiB = (3 * config.bytes) / 2 ** 30; // the file, its copy in WebAssembly memory, the context
  if (navigator.deviceMemory && navigator.deviceMemory < needGiB) {
    return `this device reports ${navigator.deviceMemory} GB of memory; the model needs about ${needGiB.toFixed(1)} GB`;
  }
  return null;
}

function threads() {
  if (!globalThis.crossOriginIsolated) return 1;
  return Math.max(1, Math.min(4, navigator.hardwareConcurrency || 1)); // at most 4: a small model
}

function hex(buffer) {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

// Download every part, showing progress over their total size; resolve to Files, in order.
async function download(parts) {
  const total = parts.reduce((sum, p) => sum + p.bytes, 0);
  let loaded = 0;
  const progress = $("try-progress");
  const files = [];
  for (const part of parts) {
    const url = new URL(part.url, siteRoot);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    const reader = response.body.getReader();
    const chunks = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      loaded += value.length;
      progress.value = loaded / total;
      $("try-progress-text").textContent = `${mib(loaded)} of ${mib(total)} MiB`;
    }
    const blob = new Blob(chunks);
    const found = hex(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()));
    if (found !== part.sha256) {
      const name = url.pathname.split("/").pop();
      throw Object.assign(new Error(`refused ${name}: its sha256 is ${found}, the release says ${part.sha256}`), {
        refused: true,
      });
    }
    files.push(new File([blob], url.pathname.split("/").pop()));
  }
  return files;
}

async function load() {
  $("try-load").disabled = true;
  setState("loading", "Downloading and checking the file…");
  const started = performance.now();
  try {
    const files = await download(config.parts);
    const downloaded = performance.now();
    setState("loading", "Hashes match the release. Starting llama.cpp…");
    const { Wllama } = await import(new URL(`${config.wllama}index.js`, siteRoot));
    wllama = new Wllama(
      { default: new URL(`${config.wllama}wllama.wasm`, siteRoot).href },
      { suppressNativeLog: true, logger: { debug() {}, log() {}, warn: console.warn, error: console.error } },
    );
    wllama.setCompat(null); // never the CDN build
    await wllama.loadModel(files, { n_ctx: 512, n_threads: threads(), n_gpu_layers: 0 });
    const seconds = (performance.now() - started) / 1000;
    box.dataset.loadSeconds = seconds.toFixed(2);
    box.dataset.downloadSeconds = ((downloaded - started) / 1000).toFixed(2);
    setState("ready", `Loaded in ${seconds.toFixed(1)} s. Ask away.`);
    for (const id of ["try-input", "try-send"]) $(id).disabled = false;
    for (const button of $("try-examples").querySelectorAll("button")) button.disabled = false;
  } catch (error) {
    if (error.refused) setState("refused", `Not loaded: ${error.message}.`);
    else setState("error", `The model could not be loaded: ${error.message || error}`);
  }
}

function message(role, text) {
  const element = document.createElement("div");
  element.className = `try-message ${role}`;
  element.textContent = text;
  $("try-log").append(element);
  return element;
}

async function ask(question) {
  if (busy || !wllama || !question.trim()) return;
  busy = true;
  $("try-send").disabled = true;
  setState("answering", "Answering…");
  message("user", question);
  const answer = message("model", "");
  const text = document.createElement("span");
  answer.append(text);
  const started = performance.now();
  let tokens = 0;
  try {
    const stream = await wllama.createChatCompletion({
      messages: [{ role: "user", content: question }],
      max_tokens: MAX_TOKENS,
      temperature: 0,
      stream: true,
    });
    for await (const chunk of stream) {
      const delta = chunk.choices?.[0]?.delta?.content;
      if (delta) {
        text.textContent += delta;
        tokens += 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const speed = document.createElement("span");
    speed.className = "try-speed";
    speed.textContent = `${tokens} tokens in ${seconds.toFixed(2)} s (${(tokens / seconds).toFixed(1)} tokens/s)`;
    answer.append(speed);
    answer.dataset.seconds = seconds.toFixed(3);
    answer.dataset.tokens = String(tokens);
    setState("ready", "Ready.");
  } catch (error) {
    setState("error", `The model failed to answer: ${error.message || error}`);
  } finally {
    busy = false;
    $("try-send").disabled = false;
  }
}

function start() {
  const missing = whatIsMissing();
  const count = threads();
  $("try-threads").textContent = !globalThis.crossOriginIsolated
    ? "Single-threaded: this page is not cross-origin isolated (the host sends no COOP/COEP headers), so the model runs on one thread."
    : count > 1
      ? `Multi-threaded: this page is cross-origin isolated, so the model runs on ${count} threads.`
      : "Single-threaded: this page is cross-origin isolated, but this device reports one core.";
  $("try-load").textContent = `Load the model (${mib(config.bytes)} MiB)`;
  for (const example of config.examples) {
    const button = document.createElement("button");
    button.type = "button";
    button.disabled = true;
    button.textContent = example;
    button.addEventListener("click", () => ask(example));
    $("try-examples").append(button);
  }
  $("try-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const question = $("try-input").value;
    $("try-input").value = "";
    ask(question);
  });
  if (missing) {
    setState("unsupported", `This browser cannot run the model: ${missing}.`);
    return;
  }
  $("try-load").disabled = false;
  $("try-load").addEventListener("click", load);
}

start();
