// Clinician / patient language. The choice is kept on the device (localStorage) and shown as a class on <html>,
// which stylesheets/audience.css turns into the visible wording; this module only reads, stores and applies the
// choice and keeps each page's switch buttons (aria-pressed) in step. <html> is not replaced by Material's instant
// navigation, so the class holds across pages; document$ re-syncs the buttons of each page swapped in.
const STORAGE_KEY = "legcramps.audience";
const AUDIENCES = ["clinician", "patient"];
const DEFAULT_AUDIENCE = "clinician";

function readChoice() {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return AUDIENCES.includes(value) ? value : DEFAULT_AUDIENCE;
  } catch {
    return DEFAULT_AUDIENCE; // storage blocked (privacy settings): the choice lasts for this page view only
  }
}

function storeChoice(audience) {
  try {
    window.localStorage.setItem(STORAGE_KEY, audience);
  } catch {
    // Storage blocked: keep the choice in memory.
  }
}

let current = readChoice();

function apply(audience) {
  const root = document.documentElement;
  for (const name of AUDIENCES) root.classList.toggle(`lc-audience-${name}`, name === audience);
  for (const group of document.querySelectorAll("[data-lc-audience-switch]")) group.hidden = false;
  // Only the switch's buttons are pressed or not; a link that also chooses (the home page's "I have leg cramps") is not.
  for (const button of document.querySelectorAll("button[data-lc-audience-choice]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lcAudienceChoice === audience));
  }
  // Clinician-only text: running text (open) for clinicians, a closed "Clinical details" disclosure for patients.
  for (const details of document.querySelectorAll("[data-lc-clinical-details]")) details.open = audience !== "patient";
}

function choose(audience) {
  if (!AUDIENCES.includes(audience)) return;
  current = audience;
  storeChoice(audience);
  apply(audience);
}

// As early as a module can: before the page's first paint in most loads, so the chosen wording shows at once.
apply(current);

// One delegated listener for every page: the buttons are replaced on each instant navigation, the document is not.
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("[data-lc-audience-choice]") : null;
  if (button) choose(button.dataset.lcAudienceChoice);
});

// Another tab changed the choice.
window.addEventListener("storage", (event) => {
  if (event.key !== STORAGE_KEY) return;
  current = readChoice();
  apply(current);
});

// Each page Material's instant navigation swaps in. No DOMContentLoaded fallback is needed: this module is imported by
// legcramps.mjs, a module script, which runs only once the document is parsed, so apply() above saw the whole page.
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => apply(current));
