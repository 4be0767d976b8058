// One card per cause: its name (and plain name for patients), a badge for each tier it is listed in and one for a
// red flag present, then for clinicians its score, red flags and the findings behind it, each finding apart from the
// differential's weight for it. Every word comes from the result or the calculator data.
import { el } from "./dom.mjs";
import { causeData } from "./ranked.mjs";

const clinician = (tag, attributes, ...children) => el(tag, { ...attributes, "data-audience": "clinician" }, ...children);
const patient = (tag, attributes, ...children) => el(tag, { ...attributes, "data-audience": "patient", hidden: "" }, ...children);

export const cardId = (id) => `lc-cause-${id}`;

function badges(tiers, flagged, data) {
  const items = tiers.map((tier) => el("li", { class: `lc-badge lc-badge-${tier.replaceAll("_", "-")}`, "data-lc-badge": tier }, data.tiers[tier]));
  if (flagged) items.push(el("li", { class: "lc-badge lc-badge-red-flag", "data-lc-badge": "red_flag" }, data.result_text.red_flag_label));
  return el("ul", { class: "lc-badges" }, ...items);
}

// A finding the cause weighs: the answer, then the weight in its own badge, then why it counts on its own line.
function weighedItem(detail) {
  const sign = detail.weight > 0 ? "+" : "\u2212";
  return el("li", {},
    el("span", { class: "lc-finding" }, detail.finding), " ",
    el("span", { class: "lc-weight", "data-lc-weight": String(detail.weight) }, `${sign}${Math.abs(detail.weight)}`),
    detail.why ? el("span", { class: "lc-finding-why" }, detail.why) : null);
}

function findings(entry) {
  const parts = [];
  // Older results (or another caller's) carry only the worded lines.
  const reasons = entry.reasons_weighed ? entry.reasons_weighed.map(weighedItem) : entry.reasons.map((line) => el("li", {}, line));
  const against = entry.against_weighed ? entry.against_weighed.map(weighedItem) : (entry.against ?? []).map((line) => el("li", {}, line));
  if (reasons.length) parts.push(el("p", { class: "lc-why" }, "Why:"), el("ul", { class: "lc-reasons" }, ...reasons));
  if (against.length) parts.push(el("details", { class: "lc-against" }, el("summary", {}, "Against"), el("ul", {}, ...against)));
  return parts;
}

function redFlags(entry, text) {
  const raisedBy = entry.red_flags_raised_by ?? [];
  const items = entry.red_flags.map((flag, index) => el("li", {}, flag,
    raisedBy[index] ? el("span", { class: "lc-raised-by" }, ` (${raisedBy[index]})`) : null));
  return [el("p", { class: "lc-red-flag-label" }, text.red_flag_label), el("ul", { class: "lc-red-flags" }, ...items)];
}

export function causeCard({ entry, tiers }, data, siteRoot, names) {
  const text = data.result_text;
  const content = causeData(entry, data);
  const flagged = Boolean(entry.red_flags?.length);
  const href = new URL(entry.url, siteRoot).href;
  const heading = el("h4", { class: "lc-cause-name", id: `${cardId(entry.id)}-name`, tabindex: "-1" },
    clinician("span", {}, el("a", { href }, entry.name)),
    patient("span", {}, el("a", { href }, content.plain_name ?? entry.name)), " ",
    clinician("span", { class: "lc-score" }, `score ${entry.score}`));
  const card = el("article", {
    class: `lc-cause${flagged ? " lc-has-red-flag" : ""}`, id: cardId(entry.id), "data-lc-cause": entry.id,
    "data-lc-tiers": tiers.join(" "), "aria-labelledby": `${cardId(entry.id)}-name`,
  }, heading, badges(tiers, flagged, data));
  if (entry.tied_with?.length) {
    card.append(clinician("p", { class: "lc-tied" }, `${text.tied_with}: ${entry.tied_with.map((id) => names.get(id) ?? id).join(", ")}.`));
  }
  if (flagged) card.append(clinician("div", { class: "lc-red-flag-detail" }, ...redFlags(entry, text)));
  card.append(clinician("div", { class: "lc-cause-findings" }, ...findings(entry)));
  if (content.plain_summary) card.append(patient("p", { class: "lc-cause-plain" }, content.plain_summary));
  return card;
}
