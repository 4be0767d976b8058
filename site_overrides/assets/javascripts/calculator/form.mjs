// The form drawn at build time from the findings vocabulary, as answers: form -> answers, answers -> address,
// address -> form. Each field says what it is in data-lc-kind (yes_no, checkbox, number, choice, multi); its CSS
// classes are for the stylesheets only.
import { fieldError } from "./errors.mjs";
import { Groups } from "./groups.mjs";
import { canonical, resetUnit, showUnit } from "./units.mjs";

const YES = new Set(["yes", "true", "1"]);
const NO = new Set(["no", "false", "0"]);

// The answers live in the address fragment (#age=70&nocturnal=yes), which a browser never sends to a server. A
// fragment with no "=" is an in-page anchor (#evidence), not answers, and is left alone.
const holdsAnswers = (fragment) => fragment.includes("=");

// The answers last written to the address, and where. Material loads a page again on its first in-page link, once the
// link's anchor has taken the answers' place in the address: the page's new form takes them from here.
const written = { path: null, answers: "" };

// Write `answers` (URLSearchParams text) into this page's address as its fragment, never as a query. With no answers,
// an in-page anchor stays. An address that would not change (the page's first update, most updates) is not written.
export function writeAddress(answers) {
  const fragment = location.hash.slice(1);
  const hash = answers ? `#${answers}` : holdsAnswers(fragment) ? "" : location.hash;
  const address = location.pathname + hash;
  if (address !== location.pathname + location.search + location.hash) history.replaceState(history.state, "", address);
  Object.assign(written, { path: location.pathname, answers });
}

// The answers the address holds. An older link's query (?age=70) is moved into the fragment at once, without a reload,
// so a reload or a copied address never sends it again; answers in the fragment win over the query's.
export function addressAnswers() {
  const fragment = location.hash.slice(1);
  const anchorOnly = fragment && !holdsAnswers(fragment) && !location.search;
  if (anchorOnly && written.path === location.pathname) return new URLSearchParams(written.answers);
  const params = new URLSearchParams(location.search);
  if (holdsAnswers(fragment)) for (const [id, value] of new URLSearchParams(fragment)) params.set(id, value);
  if (location.search) writeAddress(params.toString());
  return params;
}

// The address changed without a reload: a pasted or followed link with other answers fills the form with them (its
// reset listener schedules the update); an in-page link (#evidence) put its anchor in place of the answers, which go
// back once the browser has scrolled to it. Stops once `left()` says instant navigation has left the page.
export function followAddress(form, left) {
  const sorted = (text) => {
    const params = new URLSearchParams(text);
    params.sort();
    return params.toString();
  };
  const follow = () => {
    if (left()) return window.removeEventListener("hashchange", follow);
    const fragment = location.hash.slice(1);
    const answers = Form.toParams(form.read()).toString();
    if (!holdsAnswers(fragment) || sorted(fragment) === sorted(answers)) writeAddress(answers);
    else {
      form.element.reset();
      form.load(new URLSearchParams(fragment));
    }
  };
  window.addEventListener("hashchange", follow);
}

export class Form {
  constructor(element) {
    this.element = element;
    this.fields = new Map();
    for (const field of element.querySelectorAll("[data-lc-field]")) this.fields.set(field.dataset.lcField, field);
    // Each field's controls, found once (the form is drawn at build time), not on every reading of the form.
    const controls = (field) => [...field.querySelectorAll("input, select:not([data-lc-unit-for])")];
    this.controls = new Map([...this.fields].map(([id, field]) => [id, controls(field)]));
    this.invalid = new Set(); // the fields whose error is shown
    this.raw = new Map(); // values from the address that no control can show, kept until the field is edited
    // A unit chosen for a lab value: the label follows it, and the value typed is now read in it.
    element.addEventListener("change", (event) => {
      const unit = event.target.dataset?.lcUnitFor;
      if (!unit) return;
      showUnit(this.fields.get(unit));
      this.edited(unit);
    });
    // A reset puts every selector back to the canonical unit: the labels follow once it has happened.
    element.addEventListener("reset", () => setTimeout(() => this.fields.forEach((field) => showUnit(field))));
    this.groups = new Groups(this);
  }

  kind(id) {
    return this.fields.get(id).dataset.lcKind;
  }

  inputs(id) {
    return this.controls.get(id);
  }

  read() {
    const answers = {};
    for (const id of this.fields.keys()) {
      if (this.raw.has(id)) {
        answers[id] = this.raw.get(id);
        continue;
      }
      const kind = this.kind(id);
      const inputs = this.inputs(id);
      if (kind === "checkbox" && inputs[0].checked) answers[id] = true;
      else if (kind === "yes_no") {
        const chosen = inputs.find((input) => input.checked);
        if (chosen) answers[id] = chosen.value === "true";
      } else if (kind === "number" && inputs[0].value.trim() !== "") answers[id] = canonical(this.fields.get(id), inputs[0].value);
      else if (kind === "choice" && inputs[0].value !== "") answers[id] = inputs[0].value;
      else if (kind === "multi") {
        const chosen = inputs.filter((input) => input.checked).map((input) => input.value);
        if (chosen.length) answers[id] = chosen;
      }
    }
    return answers;
  }

  // Fill the form from the address; what a control cannot show is kept raw so its error can be shown. Returns the
  // names the form does not know.
  load(params) {
    const unknown = [];
    for (const [id, value] of params) {
      if (!this.fields.has(id)) {
        unknown.push(id);
        continue;
      }
      const kind = this.kind(id);
      const inputs = this.inputs(id);
      const lower = value.toLowerCase();
      if (kind === "checkbox" || kind === "yes_no") {
        if (YES.has(lower) || (NO.has(lower) && kind === "yes_no")) {
          if (kind === "checkbox") inputs[0].checked = true;
          else inputs.find((input) => input.value === String(YES.has(lower))).checked = true;
        } else if (!(NO.has(lower) && kind === "checkbox")) this.raw.set(id, value);
      } else if (kind === "number") {
        inputs[0].value = value;
        resetUnit(this.fields.get(id)); // the address holds the canonical unit
      }
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
    this.groups.reveal(params.keys());
    this.groups.count();
    return unknown;
  }

  static toParams(answers) {
    const params = new URLSearchParams();
    for (const [id, value] of Object.entries(answers)) {
      if (typeof value === "boolean") params.set(id, value ? "yes" : "no");
      else if (Array.isArray(value)) params.set(id, value.join(","));
      else params.set(id, String(value));
    }
    return params;
  }

  // A field edited by the reader: its control shows it now, not a value kept from the address.
  edited(id) {
    this.raw.delete(id);
  }

  clear(id) {
    this.raw.delete(id);
    this.inputs(id).forEach((input) => (input.checked = false));
    this.groups.count();
  }

  // The error beside a field, worded by its label (errors.mjs); the calculator's message names the finding by its id,
  // so it is not shown. A folded group holding the field opens.
  showError(id) {
    const field = this.fields.get(id);
    const box = field && field.querySelector(".lc-error");
    if (!box) return false;
    box.replaceChildren(...fieldError(field));
    this.groups.openFor(field);
    box.hidden = false;
    this.invalid.add(id);
    field.classList.add("lc-invalid");
    this.inputs(id).forEach((input) => input.setAttribute("aria-invalid", "true"));
    return true;
  }

  // The errors showError has shown (each has its box), cleared on every change of the answers.
  clearErrors() {
    for (const id of this.invalid) {
      const field = this.fields.get(id);
      const box = field.querySelector(".lc-error");
      box.hidden = true;
      box.textContent = "";
      field.classList.remove("lc-invalid");
      this.inputs(id).forEach((input) => input.removeAttribute("aria-invalid"));
    }
    this.invalid.clear();
  }
}
