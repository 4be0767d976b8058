// A field's error as a reader sees it: the question's label, in both wordings as the form shows them (the audience
// stylesheet shows one), then what to do. The calculator's own message names the answer by its finding id, which suits
// the command line and the API; no id reaches a reader. A number's range is given in the unit the reader chose.
import { el } from "./dom.mjs";
import { rangeText } from "./units.mjs";

export function fieldError(field) {
  const { lcKind: kind, lcLabel: label, lcPlainLabel: plain } = field.dataset;
  const what = kind === "number" ? `enter a number from ${rangeText(field)}` : "choose one of the answers shown";
  return [
    el("span", { "data-audience": "clinician" }, label),
    el("span", { "data-audience": "patient", hidden: "" }, plain ?? label),
    `: ${what}.`,
  ];
}
