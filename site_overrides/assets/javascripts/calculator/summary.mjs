// The result in one line that stays in view on a phone (stylesheets/result.css fixes it to the bottom of narrow
// screens): the top cause or causes, the red flags present and how many causes are listed (on an instrument's page,
// the instrument's own summary line), with a button that moves to the full result and its heading. It shows only
// while the result is out of view, and moves any field focused under it into view above it.
import { el } from "./dom.mjs";

const IN_VIEW_MARGIN = "0px 0px -20% 0px"; // the result counts as in view once its top is above the bottom fifth

function words(summary) {
  if (summary.line) return [el("strong", {}, summary.line)]; // an instrument's page: its result in its own words
  const names = (audience) => summary.top.map((name) => name[audience]).join(", ");
  const part = (label, ...value) => el("span", { class: "lc-summary-part" }, `${label}: `, ...value);
  // The red flags first: a long cause name may run past the lines the bar shows (stylesheets/result.css).
  const parts = [];
  if (summary.redFlags) parts.push(part(summary.labels.redFlags, el("strong", {}, String(summary.redFlags))));
  if (summary.top.length) {
    parts.push(part(summary.labels.top,
      el("strong", { "data-audience": "clinician" }, names("clinician")),
      el("strong", { "data-audience": "patient", hidden: "" }, names("patient"))));
  }
  parts.push(part(summary.labels.causes, String(summary.causes)));
  return parts;
}

export function resultSummary(element, resultSection) {
  const bar = element.querySelector("[data-lc-summary]");
  if (!bar) return { update() {}, clear() {} };
  const text = bar.querySelector("[data-lc-summary-text]");
  const heading = resultSection.querySelector("h2");
  let hasResult = false;
  let resultInView = false;
  // A field under the bar (focused as it appears, or focused under it) is scrolled to just above it.
  const keepClear = (field) => {
    if (bar.hidden || !field || !element.contains(field) || bar.contains(field)) return;
    const bottom = field.getBoundingClientRect().bottom;
    const top = bar.getBoundingClientRect().top;
    if (bottom > top) window.scrollBy({ top: bottom - top + 8, behavior: "instant" });
  };
  const show = () => {
    const appearing = bar.hidden && hasResult && !resultInView;
    bar.hidden = !hasResult || resultInView;
    if (appearing) keepClear(document.activeElement);
  };
  if (typeof IntersectionObserver === "function") {
    new IntersectionObserver((entries) => {
      resultInView = entries[entries.length - 1].isIntersecting;
      show();
    }, { rootMargin: IN_VIEW_MARGIN }).observe(resultSection);
  }
  bar.querySelector("[data-lc-jump-result]").addEventListener("click", () => {
    resultSection.scrollIntoView({ block: "start" });
    heading.focus({ preventScroll: true });
  });
  // scroll-padding keeps a field scrolled to by the browser clear of the bar; one focused in place is moved here.
  element.addEventListener("focusin", (event) => keepClear(event.target));
  return {
    update(summary) {
      text.replaceChildren(...words(summary));
      hasResult = true;
      show();
    },
    clear() {
      hasResult = false;
      show();
    },
  };
}
