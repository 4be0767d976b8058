// What a patient reads first in a result: the warning signs present in their own words, grouped by how soon to get
// help (most urgent first); or, with none, what to do next. The reassuring next step is shown only when no red flag
// is present and no cause that must not be missed is listed. Every sentence is content (data.json).
import { el } from "./dom.mjs";
import { causeData, patientFlags } from "./ranked.mjs";
import { sourcesList } from "./references.mjs";

const LEVELS = ["ambulance", "today", "gp"];

// The red flags present, as [level, [{name, text}], sources] groups in order of urgency.
export function helpByLevel(ranked, data) {
  const found = new Map(LEVELS.map((level) => [level, []]));
  const sources = new Set();
  for (const { entry } of ranked) {
    for (const flag of patientFlags(entry, data)) {
      found.get(flag.level)?.push({ name: causeData(entry, data).plain_name ?? entry.name, text: flag.text });
      for (const id of flag.sources ?? []) sources.add(id);
    }
  }
  return [LEVELS.filter((level) => found.get(level).length).map((level) => [level, found.get(level)]), [...sources]];
}

// Which next step a patient is given: "red_flag", "see_doctor" (a do-not-miss cause without a red flag) or "next_step".
export function patientAdvice(result, ranked) {
  if (ranked.some(({ entry }) => entry.red_flags?.length)) return "red_flag";
  return result.do_not_miss.length ? "see_doctor" : "next_step";
}

export function patientGuidance(result, ranked, data, siteRoot) {
  const text = data.result_text;
  const box = el("div", { class: "lc-patient-guidance", "data-audience": "patient", hidden: "", "data-lc-advice": patientAdvice(result, ranked) });
  const advice = box.dataset.lcAdvice;
  if (advice === "red_flag") {
    const [levels, sources] = helpByLevel(ranked, data);
    box.append(el("p", { class: "lc-patient-intro" }, el("strong", {}, text.patient_red_flag_intro)));
    for (const [level, flags] of levels) {
      box.append(el("div", { class: `lc-help-level lc-help-${level}`, "data-lc-help-level": level },
        el("h3", {}, data.help_levels[level]),
        el("ul", {}, ...flags.map((flag) => el("li", {}, el("strong", {}, `${flag.name}: `), flag.text)))));
    }
    box.append(sourcesList(sources, data, siteRoot) ?? "");
  } else {
    const key = advice === "see_doctor" ? "patient_see_doctor" : "patient_next_step";
    box.append(el("p", { class: `lc-patient-${advice.replace("_", "-")}`, "data-lc-next-step": key }, text[key]));
    box.append(sourcesList(data.result_sources?.[key], data, siteRoot) ?? "");
  }
  return box;
}
