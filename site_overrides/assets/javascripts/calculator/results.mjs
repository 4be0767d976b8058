// Lays out a result of calculator.evaluate: the differential by tier, a card per cause, the instruments and the
// notes. Every clinical sentence comes worded from Python (the result JSON and the calculator data); this module
// only places it, and never branches on a cause or an instrument.
import { el } from "./dom.mjs";

const TIER_ORDER = ["most_likely", "other_likely", "do_not_miss", "rare"];

const list = (items, attributes = {}) => el("ul", attributes, ...items.map((item) => el("li", {}, item)));

function causeCard(entry, names, text, siteRoot, headingLevel) {
  const heading = el(`h${headingLevel}`, { class: "lc-cause-name" },
    el("a", { href: new URL(entry.url, siteRoot).href }, entry.name), " ",
    el("span", { class: "lc-score" }, `score ${entry.score}`));
  const card = el("article", { class: "lc-cause" }, heading);
  if (entry.tied_with?.length) {
    card.append(el("p", { class: "lc-tied" }, `${text.tied_with}: ${entry.tied_with.map((id) => names.get(id) ?? id).join(", ")}.`));
  }
  if (entry.red_flags?.length) {
    card.classList.add("lc-has-red-flag");
    card.append(el("p", { class: "lc-red-flag-label" }, text.red_flag_label), list(entry.red_flags, { class: "lc-red-flags" }));
  }
  if (entry.reasons.length) card.append(el("p", { class: "lc-why" }, "Why:"), list(entry.reasons, { class: "lc-reasons" }));
  if (entry.against?.length) card.append(el("details", { class: "lc-against" }, el("summary", {}, "Against"), list(entry.against)));
  return card;
}

// The bibliography ids an instrument cites, each linked to its entry on the references page (anchors "ref-<id>").
function sources(result, siteRoot) {
  const ids = result.citations?.length ? result.citations : [result.citation];
  const line = el("p", { class: "lc-instrument-sources" }, ids.length > 1 ? "Sources: " : "Source: ");
  ids.forEach((id, index) => {
    if (index) line.append(", ");
    line.append(el("a", { href: new URL(`references/#ref-${id}`, siteRoot).href }, id));
  });
  return line;
}

// What an instrument result says of itself: its summary, its worded lines and its sources.
function instrumentBody(result, siteRoot) {
  return [
    el("p", { class: "lc-instrument-summary" }, result.summary),
    list(result.lines, { class: "lc-instrument-details" }),
    sources(result, siteRoot),
  ];
}

function instrumentCard(name, result, siteRoot, headingLevel) {
  const title = result.url ? el("a", { href: new URL(result.url, siteRoot).href }, result.title) : result.title;
  return el("article", { class: "lc-instrument-result", "data-lc-instrument-result": name },
    el(`h${headingLevel}`, {}, title), ...instrumentBody(result, siteRoot));
}

export function renderDifferential(body, result, data, siteRoot) {
  body.replaceChildren();
  const text = data.result_text;
  const names = new Map(data.causes.map((cause) => [cause.id, cause.name]));
  const flagged = result.do_not_miss.filter((entry) => entry.red_flags.length);
  if (flagged.length) {
    body.append(el("div", { class: "lc-red-flag-banner", role: "alert" },
      el("p", {}, el("strong", {}, text.red_flag_banner)),
      el("ul", {}, ...flagged.map((entry) => el("li", {}, el("strong", {}, entry.name), ": ", entry.red_flags.join(" "))))));
  }
  for (const tier of TIER_ORDER) {
    const entries = tier === "most_likely" ? (result.most_likely ? [result.most_likely] : []) : result[tier];
    const section = el("section", { class: `lc-tier lc-tier-${tier.replaceAll("_", "-")}`, "data-lc-tier": tier },
      el("h3", {}, data.tiers[tier]));
    if (!entries.length) section.append(el("p", { class: "lc-empty" }, tier === "most_likely" ? text.no_most_likely : text.no_causes));
    entries.forEach((entry) => section.append(causeCard(entry, names, text, siteRoot, 4)));
    body.append(section);
  }
  const instruments = Object.entries(result.instruments);
  if (instruments.length) {
    body.append(el("section", { class: "lc-instruments" }, el("h3", {}, "Instruments"),
      ...instruments.map(([name, value]) => instrumentCard(name, value, siteRoot, 4))));
  }
  body.append(list(result.notes, { class: "lc-notes" }));
}

// An instrument's own page: the page is its title, so the result is its summary, lines and sources.
export function renderInstrument(body, result, name, siteRoot, prompt) {
  const value = result.instruments[name];
  body.replaceChildren(...(value ? instrumentBody(value, siteRoot) : [el("p", {}, prompt)]));
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
