// The header's light / dark / system toggle, in place of Material's palette component (partials/palette.html says
// why). The reader's palette is already applied when this runs, by the header's script, which also defines
// __lc_palette(index): this module only switches, so the page's style is not computed again as it starts. As Material
// did: each button shows the option in force and switches to the next (a click, or Enter on the toggle); the choice is
// kept where Material keeps it (__md_set("__palette"), read back by the header's script on every page); the system's
// choice follows the system as it changes; and no transition runs while the colours switch. The header is not
// replaced by Material's instant navigation, so one set of listeners serves every page.
const form = document.querySelector("[data-lc-palette]");
const options = form ? [...form.querySelectorAll(".md-option")] : [];
const SYSTEM = "(prefers-color-scheme)";

// The option in force: the one whose button is shown.
function current() {
  return Math.max(0, options.findIndex((option) => option.nextElementSibling?.hidden === false));
}

function choose(index) {
  // Material's stylesheet turns every transition off while <body> has this, so the colours change at once.
  document.body.setAttribute("data-md-color-switching", "");
  const palette = window.__lc_palette(index);
  try {
    window.__md_set?.("__palette", palette);
  } catch {
    // Storage blocked: the choice lasts for this page view only.
  }
  requestAnimationFrame(() => document.body.removeAttribute("data-md-color-switching"));
}

if (form && typeof window.__lc_palette === "function") {
  // Its option's radio button is checked by a click on a button (its label) or the keyboard.
  form.addEventListener("change", (event) => {
    const index = options.indexOf(event.target);
    if (index >= 0) choose(index);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    const next = options[(current() + 1) % options.length];
    next.click();
    next.focus();
  });
  // The system switched light and dark: the system's choice follows it.
  matchMedia("(prefers-color-scheme: light)").addEventListener("change", () => {
    const index = current();
    if (options[index].getAttribute("data-md-color-media") === SYSTEM) choose(index);
  });
}
