// Lays out a result of calculator.evaluate: the red flags present, what a patient should do next, one card per cause
// in rank order with badges for its tiers, the instruments and the notes; each part marked for its audience. Every clinical sentence comes worded from Python (the result JSON and the calculator data); this module
// only places it, and never branches on a cause or an instrument.
import { el } from "./dom.mjs";
import { cardId, causeCard } from "./cards.mjs";
import { causeData, rankedCauses } from "./ranked.mjs";
import { patientGuidance } from "./patient.mjs";
import { sourcesList } from "./references.mjs";

const clinician = (tag, attributes, ...children) => el(tag, { ...attributes, "data-audience": "clinician" }, ...children);
const list = (items, attributes = {}) => el("ul", attributes, ...items.map((item) => el("li", {}, item)));

// Moves to a cause's card and its heading (a link's own jump would put an anchor in the address, where the answers
// live).
export function jumpTo(id) {
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: "start" });
  target.querySelector("[tabindex='-1']")?.focus({ preventScroll: true });
}

function jumpLink(id, ...children) {
  const link = el("a", { href: `#${id}`, "data-lc-jump": id }, ...children);
  link.addEventListener("click", (event) => {
    event.preventDefault();
    jumpTo(id);
  });
  return link;
}

// The red flags present, named and linked to their cards: what they say is in each card, once.
function banner(ranked, data) {
  const flagged = ranked.filter(({ entry }) => entry.red_flags?.length);
  if (!flagged.length) return null;
  return clinician("div", { class: "lc-red-flag-banner", role: "alert" },
    el("p", {}, el("strong", {}, data.result_text.red_flag_banner)),
    list(flagged.map(({ entry }) => jumpLink(cardId(entry.id), entry.name)), { class: "lc-red-flag-causes" }));
}

// What an instrument result says of itself: its summary, its worded lines and its sources, formatted and linked.
function instrumentBody(result, data, siteRoot) {
  const ids = result.citations?.length ? result.citations : [result.citation];
  return [
    el("p", { class: "lc-instrument-summary" }, result.summary),
    list(result.lines, { class: "lc-instrument-details" }),
    sourcesList(ids, data, siteRoot, "lc-instrument-sources") ?? "",
  ];
}

function instrumentCard(name, result, data, siteRoot) {
  const title = result.url ? el("a", { href: new URL(result.url, siteRoot).href }, result.title) : result.title;
  return el("article", { class: "lc-instrument-result", "data-lc-instrument-result": name },
    el("h4", {}, title), ...instrumentBody(result, data, siteRoot));
}

export function renderDifferential(body, result, data, siteRoot) {
  const text = data.result_text;
  const names = new Map(data.causes.map((cause) => [cause.id, cause.name]));
  const ranked = rankedCauses(result);
  const causes = el("section", { class: "lc-ranked", "data-lc-ranked": "" },
    clinician("h3", {}, text.ranked_heading),
    el("h3", { "data-audience": "patient", hidden: "" }, text.patient_causes_heading));
  if (!ranked.length) causes.append(el("p", { class: "lc-empty" }, text.no_causes));
  else if (!result.most_likely) causes.append(clinician("p", { class: "lc-empty" }, text.no_most_likely));
  ranked.forEach((cause) => causes.append(causeCard(cause, data, siteRoot, names)));
  body.replaceChildren(...[banner(ranked, data), patientGuidance(result, ranked, data, siteRoot), causes].filter(Boolean));
  const instruments = Object.entries(result.instruments);
  if (instruments.length) {
    body.append(clinician("section", { class: "lc-instruments" }, el("h3", {}, text.notes_instruments),
      ...instruments.map(([name, value]) => instrumentCard(name, value, data, siteRoot))));
  }
  body.append(list(result.notes, { class: "lc-notes", "data-audience": "clinician" }));
  return summarise(result, ranked, data);
}

// The result in one line for the summary that stays in view: the top cause or causes, red flags and how many causes.
function summarise(result, ranked, data) {
  const text = data.result_text;
  const best = Math.max(...ranked.map(({ entry }) => entry.score));
  const top = ranked.filter(({ entry }) => entry.red_flags?.length || entry.score === best);
  const name = ({ entry }) => ({ clinician: entry.name, patient: causeData(entry, data).plain_name ?? entry.name });
  return {
    top: top.slice(0, 3).map(name),
    redFlags: ranked.reduce((count, { entry }) => count + (entry.red_flags?.length ?? 0), 0),
    causes: ranked.length,
    labels: { top: text.summary_top, redFlags: text.summary_red_flags, causes: text.summary_causes },
  };
}

// An instrument's own page: the page is its title, so the result is its summary, lines and sources. Returns the
// summary that stays in view (its summary line), or null while the inputs give no result.
export function renderInstrument(body, result, name, siteRoot, prompt, data) {
  const value = result.instruments[name];
  body.replaceChildren(...(value ? instrumentBody(value, data, siteRoot) : [el("p", {}, prompt)]));
  return value ? { line: value.summary } : null;
}

// Whether the result section shows the form's answers, for readers (aria-busy) and for tests (devtools/waits.py):
// "busy" from the moment an answer changes until the result of exactly those answers is drawn, then "current" with
// data-lc-answers holding them as the address writes them; "failed" when no result can come.
export function resultState(section) {
  return (state, answers = null) => {
    section.dataset.lcState = state;
    section.setAttribute("aria-busy", String(state === "busy"));
    if (answers === null) delete section.dataset.lcAnswers;
    else section.dataset.lcAnswers = answers;
  };
}
