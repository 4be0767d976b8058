// A calculator on the page: wires the form to the worker, keeps the answers in the address bar, shows the
// runtime's loading progress and writes each result. Python starts in the worker only once the page has painted.
import { el } from "./dom.mjs";
import { Form, addressAnswers, followAddress, writeAddress } from "./form.mjs";
import { wireCopy } from "./notes.mjs";
import { renderDifferential, renderInstrument, resultState } from "./results.mjs";
import { resultSummary } from "./summary.mjs";
import { afterLargestPaint } from "./paint.mjs";
import { calculatorData, evaluateJSON, exposeAPI, onProgress, startWorker, started, whenReady } from "./worker-client.mjs";

const DEBOUNCE_MS = 120;

// What each stage of the worker's start says, and how far the bar is: only the download has a measure; the other
// stages show a busy bar (no value), so the bar never sits full while work continues.
const STAGES = {
  restore: "Warm start: restoring Python saved on this device",
  start: "Starting Python: compiling the runtime",
  calculator: "Loading the calculator",
};

function describeProgress(message) {
  if (message.stage === "download") {
    const mb = (bytes) => (bytes / 1e6).toFixed(1);
    return [`Downloading the Python runtime: ${mb(message.loaded)} of ${mb(message.total)} MB`, message.loaded / message.total];
  }
  return [STAGES[message.stage] ?? STAGES.calculator, null];
}

// The status line is a live region: it speaks each stage and each quarter of the download, not each chunk.
function showProgress(statusText, progress) {
  let spoken = null;
  return (message) => {
    const [text, fraction] = describeProgress(message);
    // A download that has arrived in full is followed at once by the next stage's message.
    if (fraction === null) progress.removeAttribute("value");
    else progress.value = Math.round(Math.min(fraction, 0.99) * 100);
    const step = fraction === null ? message.stage : `${message.stage} ${Math.floor(Math.min(fraction, 1) * 4)}`;
    if (step !== spoken) {
      spoken = step;
      statusText.textContent = text;
    }
  };
}

function wireEvents(form, schedule) {
  form.element.addEventListener("input", (event) => {
    if (event.target.name) form.edited(event.target.name);
    schedule();
  });
  form.element.addEventListener("change", () => schedule());
  form.element.addEventListener("reset", () => {
    form.raw.clear();
    schedule(0);
  });
  form.element.addEventListener("click", (event) => {
    const clear = event.target.closest("[data-lc-clear]");
    if (!clear) return;
    form.clear(clear.dataset.lcClear);
    schedule();
  });
}

export function mount(element, siteRoot) {
  const form = new Form(element.querySelector("[data-lc-form]"));
  const body = element.querySelector("[data-lc-result-body]");
  const statusText = element.querySelector("[data-lc-status-text]");
  const progress = element.querySelector("[data-lc-progress]");
  const { lcMode: mode, lcInstrument: instrument } = element.dataset;
  const resultSection = element.querySelector("[data-lc-result]");
  const mark = resultState(resultSection);
  const wording = resultSection.dataset; // the prompts, drawn at build time from content/calculator.yaml
  // Whether instant navigation has left this page: a field's change event, fired as the reader clicks a link away,
  // comes after the new page's address is set.
  const path = location.pathname;
  const left = () => !element.isConnected || location.pathname !== path;
  mark("busy");
  onProgress(showProgress(statusText, progress));

  const unknown = form.load(addressAnswers());
  if (unknown.length) {
    element.prepend(el("p", { class: "lc-address-warning", role: "alert" },
      `The address held answers this calculator does not know, which were ignored: ${unknown.join(", ")}.`));
  }

  // The summary that stays in view while the result is out of it: the differential's, or an instrument's line.
  const summary = resultSummary(element, resultSection);
  const copy = wireCopy(element);
  const render = (result) => {
    const data = calculatorData();
    const line = mode === "instrument" ? renderInstrument(body, result, instrument, siteRoot, wording.lcPrompt, data)
      : renderDifferential(body, result, data, siteRoot);
    line ? summary.update(line) : summary.clear();
    const shown = mode !== "instrument" || instrument in result.instruments;
    copy.show({ result, data: shown ? data : null, form: form.element, instrument: mode === "instrument" ? instrument : null });
  };

  // Bumped by every change of answers as well as by each update, so a reply to older answers is never drawn.
  let generation = 0;
  async function update() {
    if (left()) return;
    const mine = ++generation;
    const answers = form.read();
    const address = Form.toParams(answers).toString();
    writeAddress(address);
    if (!Object.keys(answers).length && mode === "differential") {
      form.clearErrors();
      body.replaceChildren(el("p", {}, wording.lcPrompt));
      summary.clear();
      copy.hide();
      return mark("current", address);
    }
    if (!calculatorData()) body.replaceChildren(el("p", {}, wording.lcWaiting));
    try {
      await whenReady; // the calculator data arrives with it, from the worker: no request once ready
    } catch {
      if (mine !== generation) return;
      body.replaceChildren(el("p", { class: "lc-error" }, "No result: the calculator could not start."));
      return mark("failed"); // the status line says why
    }
    if (mine !== generation) return;
    form.clearErrors();
    // Show the error beside each invalid answer, and the result of the answers that are valid.
    for (let attempt = 0; attempt < form.fields.size; attempt++) {
      try {
        const result = JSON.parse(await evaluateJSON(answers));
        if (mine !== generation) return;
        render(result);
        return mark("current", address);
      } catch (error) {
        if (mine !== generation) return;
        // Invalid answers are a result; any other error (the worker stopped) means no result can come.
        const invalid = error.name === "ValidationError";
        if (!invalid || !error.finding || !form.showError(error.finding, error.message) || !(error.finding in answers)) {
          body.replaceChildren(el("p", { class: "lc-error", role: "alert" }, invalid ? error.message : `No result: ${error.message}`));
          copy.hide();
          return invalid ? mark("current", address) : mark("failed");
        }
        delete answers[error.finding];
      }
    }
  }

  let timer = null;
  const schedule = (delay = DEBOUNCE_MS) => {
    generation++;
    mark("busy");
    clearTimeout(timer);
    timer = setTimeout(update, delay);
  };
  wireEvents(form, schedule);
  followAddress(form, left);

  exposeAPI();
  const begin = () => {
    startWorker(siteRoot);
    whenReady.then(
      (runtime) => {
        statusText.textContent = runtime?.restored
          ? "Calculator ready. Warm start: Python restored from this device."
          : "Calculator ready.";
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
  if (started()) begin();
  else afterLargestPaint(begin);
}
