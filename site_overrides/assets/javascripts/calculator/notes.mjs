// The copy for the notes: the answers as the form shows them, the instruments and the ranked differential as plain
// text, in the reader's language (clinician or patient), with the disclaimer and the page's address without the
// answers. Where the browser refuses the clipboard the text is put in a box, selected, and the page says so.
import { causeData, rankedCauses } from "./ranked.mjs";
import { helpByLevel, patientAdvice } from "./patient.mjs";
import { referenceText } from "./references.mjs";

const patientMode = () => document.documentElement.classList.contains("lc-audience-patient");
const words = (node) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();

// One answered question as "Label: value", read from the form as it shows it (choices by their labels, numbers with
// the unit chosen); null when unanswered.
function answerLine(field, patient) {
  const label = (patient ? field.dataset.lcPlainLabel : field.dataset.lcLabel) ?? words(field.querySelector("legend, label"));
  const kind = field.dataset.lcKind;
  let value = null;
  if (kind === "number") {
    const input = field.querySelector("input");
    const unit = field.querySelector("select.lc-unit option:checked") ?? field.querySelector("[data-lc-unit-shown]");
    if (input?.value.trim()) value = `${input.value.trim()}${unit ? ` ${words(unit)}` : field.dataset.lcUnit ? ` ${field.dataset.lcUnit}` : ""}`;
  } else if (kind === "choice") {
    const option = field.querySelector("select option:checked");
    if (option?.value) value = words(option);
  } else {
    const checked = [...field.querySelectorAll("input:checked")];
    if (checked.length) value = kind === "checkbox" ? "Yes" : checked.map((input) => words(input.closest("label"))).join(", ");
  }
  return value === null ? null : `- ${label}: ${value}`;
}

function differentialLines(result, data, patient) {
  const ranked = rankedCauses(result);
  const lines = [];
  if (patient) {
    const advice = patientAdvice(result, ranked);
    if (advice === "red_flag") {
      lines.push(data.result_text.patient_red_flag_intro);
      for (const [level, flags] of helpByLevel(ranked, data)[0]) {
        lines.push(data.help_levels[level], ...flags.map((flag) => `- ${flag.name}: ${flag.text}`));
      }
    } else {
      lines.push(data.result_text[advice === "see_doctor" ? "patient_see_doctor" : "patient_next_step"]);
    }
    lines.push("");
  }
  ranked.forEach(({ entry, tiers }, index) => {
    const badges = tiers.map((tier) => data.tiers[tier]);
    if (entry.red_flags?.length) badges.push(data.result_text.red_flag_label);
    const name = patient ? (causeData(entry, data).plain_name ?? entry.name) : entry.name;
    lines.push(`${index + 1}. ${name} [${badges.join(", ")}]${patient ? "" : ` (score ${entry.score})`}`);
    if (patient) return;
    for (const detail of entry.reasons_weighed ?? []) lines.push(`   - ${detail.finding} (${detail.weight > 0 ? "+" : ""}${detail.weight})${detail.why ? `: ${detail.why}` : ""}`);
    for (const detail of entry.against_weighed ?? []) lines.push(`   - ${detail.finding} (${detail.weight})${detail.why ? `: ${detail.why}` : ""}`);
    entry.red_flags?.forEach((flag, flagIndex) => {
      const raised = entry.red_flags_raised_by?.[flagIndex];
      lines.push(`   ${data.result_text.red_flag_label}: ${flag}${raised ? ` (${raised})` : ""}`);
    });
  });
  return lines;
}

export function notesText({ result, data, form, title, disclaimer, instrument }) {
  const patient = patientMode();
  const text = data.result_text;
  const lines = [instrument ? title : text.notes_title, new Date().toLocaleString(), "", `${text.notes_answers}:`];
  lines.push(...[...form.querySelectorAll("[data-lc-field]")].map((field) => answerLine(field, patient)).filter(Boolean), "");
  const instruments = Object.entries(result.instruments).filter(([name]) => !instrument || name === instrument);
  if (instruments.length && !patient) {
    lines.push(`${text.notes_instruments}:`);
    for (const [, value] of instruments) {
      lines.push(value.title, value.summary, ...value.lines.map((line) => `- ${line}`));
      const ids = value.citations?.length ? value.citations : [value.citation];
      lines.push(`${text.sources_label}:`, ...ids.map((id) => `- ${referenceText(id, data)}`), "");
    }
  }
  if (!instrument) lines.push(`${text.notes_differential}:`, ...differentialLines(result, data, patient), "");
  if (!patient) lines.push(...result.notes);
  lines.push(disclaimer, "", `${text.notes_address}: ${location.origin}${location.pathname}`);
  return lines.join("\n");
}

// Puts ``text`` on the clipboard, or in ``fallback`` (a textarea), selected; says which in ``status``.
export async function copyNotes(text, fallback, status, wording) {
  try {
    if (!navigator.clipboard?.writeText) throw new Error("no clipboard");
    await navigator.clipboard.writeText(text);
    fallback.hidden = true;
    status.textContent = wording.copied;
  } catch {
    fallback.value = text;
    fallback.hidden = false;
    fallback.focus();
    fallback.select();
    status.textContent = wording.copy_fallback;
  }
}

// The result section's copy button: shown once a result is drawn (``show`` with what the notes are made of), hidden
// when there is none.
export function wireCopy(element) {
  const section = element.querySelector("[data-lc-result]");
  const holder = section.querySelector("[data-lc-copy-notes]");
  const fallback = section.querySelector("[data-lc-copy-fallback]");
  const status = section.querySelector("[data-lc-copy-status]");
  let state = null;
  if (!holder) return { show() {}, hide() {} };
  holder.querySelector("[data-lc-copy]").addEventListener("click", () => {
    if (!state) return;
    const heading = document.querySelector(".md-content h1")?.cloneNode(true);
    heading?.querySelector(".headerlink")?.remove(); // the heading's permalink mark
    const title = words(heading);
    const disclaimer = words(section.querySelector(".lc-disclaimer"));
    copyNotes(notesText({ ...state, title, disclaimer }), fallback, status, state.data.result_text);
  });
  // Which questions print: only those answered, once one is (stylesheets/print.css); a blank form prints whole.
  const mark = (answered) => {
    for (const field of element.querySelectorAll("[data-lc-form] [data-lc-field]")) {
      field.toggleAttribute("data-lc-unanswered", answered && answerLine(field, false) === null);
    }
  };
  const hide = () => {
    mark(false);
    state = null;
    holder.hidden = true;
    fallback.hidden = true;
    status.textContent = "";
  };
  return {
    show(next) {
      if (!next.data) return hide();
      mark(true);
      state = next;
      holder.hidden = false;
    },
    hide,
  };
}
