// A source as the references page formats it (its text comes worded and formatted from the build, data.json's
// "references"): the entry links to its place on the references page, then its DOI, PubMed or web links follow.
import { el } from "./dom.mjs";

export function referenceItem(id, data, siteRoot) {
  const entry = data?.references?.[id];
  const item = el("li", {},
    el("a", { href: new URL(`references/#ref-${id}`, siteRoot).href, class: "lc-ref-entry", "data-lc-ref": id }, entry?.text ?? id));
  for (const link of entry?.links ?? []) item.append(" ", el("a", { href: link.url, class: "lc-ref-link" }, link.label));
  return item;
}

// A labelled list of sources, or nothing when there are none.
export function sourcesList(ids, data, siteRoot, className = "lc-sources") {
  if (!ids?.length) return null;
  return el("div", { class: className },
    el("p", { class: "lc-sources-label" }, data?.result_text?.sources_label ?? ""),
    el("ul", { class: "lc-sources-list" }, ...ids.map((id) => referenceItem(id, data, siteRoot))));
}

// The plain text of a source, for the notes: its formatted entry and its first link.
export function referenceText(id, data) {
  const entry = data?.references?.[id];
  if (!entry) return id;
  return entry.links?.length ? `${entry.text} ${entry.links[0].url}` : entry.text;
}
