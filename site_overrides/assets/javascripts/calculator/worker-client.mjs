// The calculator's Web Worker, seen from the page: starts it, relays its progress, and turns answers into the
// worker's reply. Also the public API (window.legcramps, DESIGN.md "Browser calculator"): legcramps.mjs defines
// window.legcramps as soon as a calculator page's scripts run and delegates to `api` once this module has arrived.
//
// Protocol: the page posts {type: "init", ...URLs} once, then {type: "evaluate", id, answers: "<answers JSON>"}; the
// worker posts {type: "progress", stage, loaded, total}, then {type: "ready", data, version, python, restored,
// timings} or {type: "failed", message}, and for each evaluation {type: "reply", id, result: "<sorted result JSON>"}
// or {type: "reply", id, error: {message, finding}}.

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
  ready: deferred(), // settles when Pyodide and the calculator module are loaded in the worker
  pending: new Map(),
  nextId: 1,
  data: null, // the calculator data (tier names, findings), sent by the worker with "ready": no request of its own
  progress: () => {},
};

export const whenReady = state.ready.promise;

export const started = () => state.worker !== null;

export const calculatorData = () => state.data;

// One listener: the calculator mounted last (instant navigation replaces the page, not this module).
export function onProgress(listener) {
  state.progress = listener;
}

export function startWorker(siteRoot) {
  if (state.worker) return;
  const worker = new Worker(new URL("assets/calculator/worker.mjs", siteRoot), { type: "module" });
  state.worker = worker;
  const { resolve, reject } = state.ready;
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") state.progress(message);
    else if (message.type === "ready") {
      state.data = message.data;
      resolve({ version: message.version, python: message.python, restored: message.restored, timings: message.timings });
    } else if (message.type === "failed") reject(new Error(message.message));
    else if (message.type === "reply") {
      const waiting = state.pending.get(message.id);
      state.pending.delete(message.id);
      if (waiting) waiting(message);
    }
  };
  worker.onerror = (event) => reject(new Error(event.message || "the calculator worker failed to start"));
  worker.postMessage({
    type: "init",
    indexURL: new URL("assets/pyodide/", siteRoot).href,
    runtimeURL: new URL("assets/calculator/runtime.json", siteRoot).href,
    pythonURL: new URL("assets/calculator/python.json", siteRoot).href,
    dataURL: new URL("assets/calculator/data.json", siteRoot).href,
  });
}

class ValidationError extends Error {
  constructor(message, finding) {
    super(message);
    this.name = "ValidationError";
    this.finding = finding;
  }
}

// Resolves with the worker's reply: {result: sorted result JSON} or {error: {message, finding}}.
async function ask(answers) {
  await state.ready.promise;
  const id = state.nextId++;
  return new Promise((resolve) => {
    state.pending.set(id, resolve);
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
}
