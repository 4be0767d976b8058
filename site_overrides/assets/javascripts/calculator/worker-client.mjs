// The calculator's Web Worker, seen from the page: starts it, relays its progress, and turns answers into the
// worker's reply. Also the public API (window.legcramps, DESIGN.md "Browser calculator"): legcramps.mjs defines
// window.legcramps as soon as a calculator page's scripts run and delegates to `api` once this module has arrived.
//
// Protocol: the page posts {type: "prepare", runtimeURL} as it creates the worker, {type: "init", prefetch, ...URLs}
// once it may download the runtime, then {type: "evaluate", id, answers: "<answers JSON>"}; the worker posts
// {type: "progress", stage, loaded, total}, then {type: "ready", data, version, python, restored, timings} or
// {type: "failed", message}, and for each evaluation {type: "reply", id, result: "<sorted result JSON>"} or
// {type: "reply", id, error: {message, finding}}.

function deferred() {
  let resolve;
  let reject;
  const promise = new Promise((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const state = {
  worker: null,
  started: false, // whether the worker has been asked to start Python (its "init" message)
  ready: deferred(), // settles when Pyodide and the calculator module are loaded in the worker
  pending: new Map(), // evaluation id -> {resolve, reject}
  failure: null, // why the worker cannot answer: every call, waiting or to come, rejects with it
  nextId: 1,
  data: null, // the calculator data (tier names, findings), sent by the worker with "ready": no request of its own
  progress: () => {},
  lastProgress: null, // the worker's latest progress message
};

export const whenReady = state.ready.promise;

export const started = () => state.started;

export const calculatorData = () => state.data;

// One listener: the calculator mounted last (instant navigation replaces the page, not this module). The worker may
// have reported progress before the calculator mounted (start.mjs starts it first): the listener hears the latest.
export function onProgress(listener) {
  state.progress = listener;
  if (state.lastProgress) listener(state.lastProgress);
}

const runtimeURL = (siteRoot) => new URL("assets/calculator/runtime.json", siteRoot).href;

// Creates the worker, which loads its own few kB of script and prepares what needs no download of the runtime (worker.mjs
// prepare()), then waits: start.mjs creates it as the page is parsed, so none of that is on the calculator's way to
// ready, and startWorker sets it to work once the page has painted.
export function createWorker(siteRoot) {
  if (state.worker) return;
  const worker = new Worker(new URL("assets/calculator/worker.mjs", siteRoot), { type: "module" });
  state.worker = worker;
  const { resolve } = state.ready;
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") {
      state.lastProgress = message;
      state.progress(message);
    } else if (message.type === "ready") {
      state.data = message.data;
      resolve({ version: message.version, python: message.python, restored: message.restored, timings: message.timings });
    } else if (message.type === "failed") fail(message.message);
    else if (message.type === "reply") {
      const waiting = state.pending.get(message.id);
      state.pending.delete(message.id);
      if (waiting) waiting.resolve(message);
    }
  };
  // An exception the worker did not catch, or a message it sent that cannot be read: no reply is coming.
  worker.onerror = (event) => fail(event.message || "the calculator worker stopped");
  worker.onmessageerror = () => fail("a message from the calculator worker could not be read");
  worker.postMessage({ type: "prepare", runtimeURL: runtimeURL(siteRoot) });
}

// Sets the worker to work: fetch the runtime, start Python, load the calculator.
export function startWorker(siteRoot) {
  if (state.started) return;
  createWorker(siteRoot);
  state.started = true;
  state.worker.postMessage({
    type: "init",
    // The runtime's largest files, which the page names (main.html): the worker fetches them as it starts, alongside
    // runtime.json and Pyodide's loader rather than after them. Fetched by the worker, not preloaded by the page,
    // whose main thread would then take in all 10 MB of them as they arrive, between the reader's taps.
    prefetch: [...document.querySelectorAll('meta[name="lc-runtime-preload"]')].map((meta) => new URL(meta.content, document.baseURI).href),
    runtimeURL: runtimeURL(siteRoot),
    pythonURL: new URL("assets/calculator/python.json", siteRoot).href,
    dataURL: new URL("assets/calculator/data.json", siteRoot).href,
  });
}

// The worker cannot answer: `ready` rejects (unless it has resolved), and so does every evaluation, waiting or to
// come. The worker is stopped, so a page never waits on it again.
function fail(message) {
  state.failure ??= new Error(message);
  state.ready.reject(state.failure);
  for (const waiting of state.pending.values()) waiting.reject(state.failure);
  state.pending.clear();
  state.worker?.terminate();
}

class ValidationError extends Error {
  constructor(message, finding) {
    super(message);
    this.name = "ValidationError";
    this.finding = finding;
  }
}

// Resolves with the worker's reply: {result: sorted result JSON} or {error: {message, finding}}; rejects when the
// worker cannot answer.
async function ask(answers) {
  await state.ready.promise;
  if (state.failure) throw state.failure;
  const id = state.nextId++;
  return new Promise((resolve, reject) => {
    state.pending.set(id, { resolve, reject });
    state.worker.postMessage({ type: "evaluate", id, answers: JSON.stringify(answers) });
  });
}

// The result JSON exactly as calculator.evaluate returns it in CPython; invalid answers reject with a ValidationError
// naming the finding (null when the answers as a whole are wrong).
export async function evaluateJSON(answers) {
  const reply = await ask(answers);
  if (reply.error) throw new ValidationError(reply.error.message, reply.error.finding ?? null);
  return reply.result;
}

export const api = {
  ready: state.ready.promise.then(() => undefined),
  // Not part of the contract: how the runtime started (restored from this device's snapshot or not), for tests.
  runtime: () => state.ready.promise,
  evaluate: async (answers) => JSON.parse(await evaluateJSON(answers)),
  evaluateJSON,
};

export function exposeAPI() {
  if (!window.legcramps) window.legcramps = api;
  // The page shows a failure to start itself: a `ready` no script awaits is not also an uncaught error.
  window.legcramps.ready.catch(() => {});
}
