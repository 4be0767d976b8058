// The calculator in the page: reads the form drawn at build time from the findings vocabulary, keeps the
// answers in the address bar, and asks the worker to evaluate them. Results are written with textContent only:
// no text from answers or content is ever parsed as HTML.

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
  started: false,
  ready: deferred(), // settles when Pyodide and the calculator module are loaded in the worker
  pending: new Map(),
  nextId: 1,
  data: null,
  dataPromise: null,
};

// ---------------------------------------------------------------- the worker and window.legcramps ----------
function startWorker(siteRoot, onProgress) {
  if (state.started) return;
  state.started = true;
  const worker = new Worker(new URL("assets/calculator/worker.mjs", siteRoot), { type: "module" });
  state.worker = worker;
  const { resolve, reject } = state.ready;
  worker.onmessage = (event) => {
    const message = event.data;
    if (message.type === "progress") onProgress.forEach((listener) => listener(message));
    else if (message.type === "ready") {
      state.data = message.data;
      resolve({ version: message.version, python: message.python, restored: message.restored, timings: message.timings });
    }
    else if (message.type === "failed") reject(new Error(message.message));
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

class CalculatorError extends Error {
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

async function evaluateJSON(answers) {
  const reply = await ask(answers);
  if (reply.error) throw new CalculatorError(reply.error.message, reply.error.finding ?? null);
  return reply.result;
}

// window.legcramps: legcramps.mjs defines it as soon as a calculator page's scripts run, delegating to this.
export const api = {
  ready: state.ready.promise.then(() => undefined),
  // Not part of the contract: how the runtime started (restored from this device's snapshot or not), for tests.
  runtime: () => state.ready.promise,
  evaluate: async (answers) => JSON.parse(await evaluateJSON(answers)),
  evaluateJSON,
};

function exposeAPI() {
  if (!window.legcramps) window.legcramps = api;
}

// --------------------------------------------------------------------------------- form <-> answers ----------
const YES = new Set(["yes", "true", "1"]);
const NO = new Set(["no", "false", "0"]);

function fieldKind(field) {
  if (field.classList.contains("lc-yes-no")) return "yes_no";
  if (field.classList.contains("lc-check")) return "checkbox";
  if (field.classList.contains("lc-number")) return "number";
  if (field.classList.contains("lc-choice")) return "choice";
  return "multi";
}

function parseNumber(text) {
  const normalised = text.trim().replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : text.trim();
}

class Form {
  constructor(element) {
    this.element = element;
    this.fields = new Map();
    for (const field of element.querySelectorAll("[data-lc-field]")) this.fields.set(field.dataset.lcField, field);
    this.raw = new Map(); // values from the address that no control can show, kept until the field is edited
  }

  inputs(id) {
    return this.fields.get(id).querySelectorAll("input, select");
  }

  read() {
    const answers = {};
    for (const [id, field] of this.fields) {
      if (this.raw.has(id)) {
        answers[id] = this.raw.get(id);
        continue;
      }
      const kind = fieldKind(field);
      const inputs = [...this.inputs(id)];
      if (kind === "checkbox" && inputs[0].checked) answers[id] = true;
      else if (kind === "yes_no") {
        const chosen = inputs.find((input) => input.checked);
        if (chosen) answers[id] = chosen.value === "true";
      } else if (kind === "number" && inputs[0].value.trim() !== "") answers[id] = parseNumber(inputs[0].value);
      else if (kind === "choice" && inputs[0].value !== "") answers[id] = inputs[0].value;
      else if (kind === "multi") {
        const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
        if (chosen.length) answers[id] = chosen;
      }
    }
    return answers;
  }

  // Fill the form from the address; what a control cannot show is kept raw so its error can be shown.
  load(params) {
    const unknown = [];
    for (const [id, value] of params) {
      const field = this.fields.get(id);
      if (!field) {
        unknown.push(id);
        continue;
      }
      const kind = fieldKind(field);
      const inputs = [...this.inputs(id)];
      const lower = value.toLowerCase();
      if (kind === "checkbox" || kind === "yes_no") {
        if (YES.has(lower) || (NO.has(lower) && kind === "yes_no")) {
          if (kind === "checkbox") inputs[0].checked = true;
          else inputs.find((input) => input.value === String(YES.has(lower))).checked = true;
        } else if (!(NO.has(lower) && kind === "checkbox")) this.raw.set(id, value);
      } else if (kind === "number") inputs[0].value = value;
      else if (kind === "choice") {
        if ([...inputs[0].options].some((option) => option.value === value)) inputs[0].value = value;
        else this.raw.set(id, value);
      } else {
        const wanted = value.split(",").filter(Boolean);
        const known = new Set(inputs.map((input) => input.value));
        if (wanted.every((item) => known.has(item))) inputs.forEach((input) => (input.checked = wanted.includes(input.value)));
        else this.raw.set(id, wanted);
      }
    }
    return unknown;
  }

  toParams(answers) {
    const params = new URLSearchParams();
    for (const [id, value] of Object.entries(answers)) {
      if (typeof value === "boolean") params.set(id, value ? "yes" : "no");
      else if (Array.isArray(value)) params.set(id, value.join(","));
      else params.set(id, String(value));
    }
    return params;
  }

  showError(id, message) {
    const field = this.fields.get(id);
    const box = field && field.querySelector(".lc-error");
    if (!box) return false;
    box.textContent = message;
    box.hidden = false;
    field.classList.add("lc-invalid");
    this.inputs(id).forEach((input) => input.setAttribute("aria-invalid", "true"));
    return true;
  }

  clearErrors() {
    for (const [id, field] of this.fields) {
      const box = field.querySelector(".lc-error");
      if (box) {
        box.hidden = true;
        box.textContent = "";
      }
      field.classList.remove("lc-invalid");
      this.inputs(id).forEach((input) => input.removeAttribute("aria-invalid"));
    }
  }
}

// --------------------------------------------------------------------------------------- rendering ----------
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function causeCard(entry, siteRoot, headingLevel) {
  const heading = el(`h${headingLevel}`, { class: "lc-cause-name" },
    el("a", { href: new URL(entry.url, siteRoot).href }, entry.name), " ",
    el("span", { class: "lc-score" }, `score ${entry.score}`));
  const card = el("article", { class: "lc-cause" }, heading);
  if (entry.tied_with && entry.tied_with.length) card.append(el("p", { class: "lc-tied" }, `Tied with ${entry.tied_with.length} other cause${entry.tied_with.length > 1 ? "s" : ""} on the same score.`));
  if (entry.red_flags && entry.red_flags.length) {
    card.classList.add("lc-has-red-flag");
    card.append(el("p", { class: "lc-red-flag-label" }, "Red flag present"),
      el("ul", { class: "lc-red-flags" }, ...entry.red_flags.map((flag) => el("li", {}, flag))));
  }
  if (entry.reasons.length) card.append(el("p", { class: "lc-why" }, "Why:"), el("ul", { class: "lc-reasons" }, ...entry.reasons.map((reason) => el("li", {}, reason))));
  if (entry.against && entry.against.length) {
    card.append(el("details", { class: "lc-against" }, el("summary", {}, "Against"), el("ul", {}, ...entry.against.map((reason) => el("li", {}, reason)))));
  }
  return card;
}

const INSTRUMENT_PAGES = {
  abi: "instruments/ankle-brachial-index/",
  wells_dvt: "instruments/wells-dvt/",
  rls_irlssg: "instruments/rls-criteria/",
  edinburgh_claudication: "instruments/edinburgh-claudication/",
};

function instrumentDetails(name, result, labels) {
  const list = el("ul", { class: "lc-instrument-details" });
  const add = (text) => list.append(el("li", {}, text));
  if (name === "abi") {
    for (const side of ["left", "right"]) {
      if (result[side]) add(`${side === "left" ? "Left" : "Right"} leg: ABI ${result[side].abi.toFixed(2)} (${result[side].category}). Next: ${result[side].next_test}`);
    }
    (result.incomplete || []).forEach(add);
    (result.notes || []).forEach(add);
  } else if (name === "wells_dvt") {
    add(`Next: ${result.next_step}`);
    add("The 1997 score leaves out previously documented DVT; the 2003 score counts it.");
  } else if (name === "rls_irlssg") {
    add(result.met ? "All five essential criteria met." : "Not met: " + result.unmet.map((id) => labels[id] || id).join("; "));
  } else if (name === "edinburgh_claudication") {
    if (result.missing.length) add("Still needed for a positive answer: " + result.missing.map((id) => labels[id] || id).join("; "));
  }
  add(`Source: ${result.citation}`);
  return list;
}

function renderInstrument(name, result, siteRoot, labels, headingLevel) {
  const title = el(`h${headingLevel}`, {}, el("a", { href: new URL(INSTRUMENT_PAGES[name], siteRoot).href }, result.title || name));
  return el("article", { class: "lc-instrument-result", "data-lc-instrument-result": name }, title,
    el("p", { class: "lc-instrument-summary" }, result.summary), instrumentDetails(name, result, labels));
}

const TIER_ORDER = ["most_likely", "other_likely", "do_not_miss", "rare"];

function renderDifferential(body, result, data, siteRoot, labels) {
  body.replaceChildren();
  const flagged = result.do_not_miss.filter((entry) => entry.red_flags.length);
  if (flagged.length) {
    body.append(el("div", { class: "lc-red-flag-banner", role: "alert" },
      el("p", {}, el("strong", {}, "Red flag present: act on it whatever the ranking.")),
      el("ul", {}, ...flagged.map((entry) => el("li", {}, el("strong", {}, entry.name), ": ", entry.red_flags.join(" "))))));
  }
  for (const tier of TIER_ORDER) {
    const entries = tier === "most_likely" ? (result.most_likely ? [result.most_likely] : []) : result[tier];
    const section = el("section", { class: `lc-tier lc-tier-${tier.replaceAll("_", "-")}`, "data-lc-tier": tier },
      el("h3", {}, data.tiers[tier]));
    if (!entries.length) section.append(el("p", { class: "lc-empty" }, tier === "most_likely" ? "No single most likely cause: see the notes below." : "None."));
    entries.forEach((entry) => section.append(causeCard(entry, siteRoot, 4)));
    body.append(section);
  }
  const instruments = Object.entries(result.instruments);
  if (instruments.length) {
    const section = el("section", { class: "lc-instruments" }, el("h3", {}, "Instruments"));
    instruments.forEach(([name, value]) => section.append(renderInstrument(name, value, siteRoot, labels, 4)));
    body.append(section);
  }
  body.append(el("ul", { class: "lc-notes" }, ...result.notes.map((note) => el("li", {}, note))));
}

function renderInstrumentMode(body, result, name, siteRoot, labels) {
  body.replaceChildren();
  const value = result.instruments[name];
  if (!value) {
    body.append(el("p", {}, "Enter the inputs to see the result."));
    return;
  }
  body.append(el("p", { class: "lc-instrument-summary" }, value.summary), instrumentDetails(name, value, labels));
}

// ------------------------------------------------------------------------------------------- mount ----------
function describeProgress(message) {
  if (message.stage === "download") {
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    return [`Downloading the Python runtime: ${mb(message.loaded)} of ${mb(message.total)} MB`, message.loaded / message.total];
  }
  return ["Loading the calculator module", 0.97];
}

export function mount(element, siteRoot) {
  const form = new Form(element.querySelector("[data-lc-form]"));
  const body = element.querySelector("[data-lc-result-body]");
  const statusText = element.querySelector("[data-lc-status-text]");
  const progress = element.querySelector("[data-lc-progress]");
  const mode = element.dataset.lcMode;
  const instrument = element.dataset.lcInstrument;
  const labels = {};
  for (const [id, field] of form.fields) {
    const label = field.querySelector("legend, label");
    labels[id] = label ? label.textContent.trim() : id;
  }

  const listeners = (state.progressListeners ||= []);
  listeners.length = 0;
  // The status line is a live region: it speaks each quarter of the download, not each chunk (the bar shows those).
  let spoken = null;
  listeners.push((message) => {
    const [text, fraction] = describeProgress(message);
    progress.value = Math.round(Math.min(fraction, 1) * 100);
    const step = `${message.stage} ${Math.floor(Math.min(fraction, 1) * 4)}`;
    if (step !== spoken) {
      spoken = step;
      statusText.textContent = text;
    }
  });

  const unknown = form.load(new URLSearchParams(location.search));
  if (unknown.length) {
    element.prepend(el("p", { class: "lc-address-warning", role: "alert" },
      `The address held answers this calculator does not know, which were ignored: ${unknown.join(", ")}.`));
  }

  let generation = 0;
  async function update() {
    const mine = ++generation;
    let answers = form.read();
    const query = form.toParams(answers).toString();
    history.replaceState(history.state, "", `${location.pathname}${query ? "?" + query : ""}${location.hash}`);
    if (!Object.keys(answers).length && mode === "differential") {
      form.clearErrors();
      body.replaceChildren(el("p", {}, "Answer any question to see the ranked differential, with the findings behind each cause."));
      return;
    }
    if (!state.data) body.replaceChildren(el("p", {}, "Your answers are kept; the result appears as soon as the calculator has loaded."));
    await state.ready.promise; // state.data arrives with it, from the worker: no request once ready
    form.clearErrors();
    // Show the error beside each invalid answer, and the result of the answers that are valid.
    for (let attempt = 0; attempt < form.fields.size; attempt++) {
      try {
        const result = JSON.parse(await evaluateJSON(answers));
        if (mine !== generation) return;
        if (mode === "instrument") renderInstrumentMode(body, result, instrument, siteRoot, labels);
        else renderDifferential(body, result, state.data, siteRoot, labels);
        return;
      } catch (error) {
        if (mine !== generation) return;
        if (!error.finding || !form.showError(error.finding, error.message) || !(error.finding in answers)) {
          body.replaceChildren(el("p", { class: "lc-error", role: "alert" }, error.message));
          return;
        }
        delete answers[error.finding];
      }
    }
  }

  let timer = null;
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(update, 120);
  };
  form.element.addEventListener("input", (event) => {
    if (event.target.name) form.raw.delete(event.target.name);
    schedule();
  });
  form.element.addEventListener("change", schedule);
  form.element.addEventListener("reset", () => {
    form.raw.clear();
    setTimeout(update, 0);
  });
  form.element.addEventListener("click", (event) => {
    const clear = event.target.closest("[data-lc-clear]");
    if (!clear) return;
    form.raw.delete(clear.dataset.lcClear);
    form.inputs(clear.dataset.lcClear).forEach((input) => (input.checked = false));
    schedule();
  });

  exposeAPI();
  const begin = () => {
    startWorker(siteRoot, listeners);
    state.ready.promise.then(
      () => {
        statusText.textContent = "Calculator ready.";
        progress.hidden = true;
        element.dataset.lcReady = "true";
      },
      (error) => {
        statusText.textContent = `The calculator could not start: ${error.message}`;
        progress.hidden = true;
      },
    );
    update();
  };
  // Python starts in a worker, off the main thread, once the page has painted: the form is usable already.
  if (state.started) begin();
  else afterFirstPaint(begin);
}

// Calls back once the page has had its first contentful paint (synchronously if it has), so the runtime's downloads
// never compete with what the reader first sees. Waiting for a later frame or task instead cost 100-300 ms here: they
// come after Material's start-up at DOMContentLoaded. A page that never paints (a background tab) starts after
// FALLBACK_MS.
const FALLBACK_MS = 1000;

function afterFirstPaint(callback) {
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    callback();
  };
  const painted = () => performance.getEntriesByType("paint").some((entry) => entry.name === "first-contentful-paint");
  if (painted()) return once();
  if (typeof PerformanceObserver === "function" && PerformanceObserver.supportedEntryTypes?.includes("paint")) {
    const observer = new PerformanceObserver(() => {
      if (!painted()) return;
      observer.disconnect();
      once();
    });
    observer.observe({ type: "paint" });
  } else {
    requestAnimationFrame(once);
  }
  setTimeout(once, FALLBACK_MS);
}
