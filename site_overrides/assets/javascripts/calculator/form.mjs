// The form drawn at build time from the findings vocabulary, as answers: form -> answers, answers -> address,
// address -> form. Each field says what it is in data-lc-kind (yes_no, checkbox, number, choice, multi); its CSS
// classes are for the stylesheets only.
const YES = new Set(["yes", "true", "1"]);
const NO = new Set(["no", "false", "0"]);

function parseNumber(text) {
  const normalised = text.trim().replace(",", ".");
  return /^-?\d+(\.\d+)?$/.test(normalised) ? Number(normalised) : text.trim();
}

export class Form {
  constructor(element) {
    this.element = element;
    this.fields = new Map();
    for (const field of element.querySelectorAll("[data-lc-field]")) this.fields.set(field.dataset.lcField, field);
    this.raw = new Map(); // values from the address that no control can show, kept until the field is edited
  }

  kind(id) {
    return this.fields.get(id).dataset.lcKind;
  }

  inputs(id) {
    return [...this.fields.get(id).querySelectorAll("input, select")];
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
      } else if (kind === "number" && inputs[0].value.trim() !== "") answers[id] = parseNumber(inputs[0].value);
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
