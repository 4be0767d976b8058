// Loaded on every page. Registers the offline service worker and, only on pages that hold a calculator,
// imports the calculator app: pages without one load no calculator or Pyodide code.
import "./audience.mjs"; // clinician / patient language, on every page
import "./palette.mjs"; // the header's light / dark / system toggle

const siteRoot = new URL("../../", import.meta.url);

// Registered once the page has loaded and then been idle a few seconds: installing the worker precaches the
// whole site, the ~13.5 MB Pyodide runtime included, which must never compete with the page a reader opened.
const REGISTER_DELAY_MS = 5000;

function whenIdle(callback) {
  if ("requestIdleCallback" in window) requestIdleCallback(callback, { timeout: REGISTER_DELAY_MS });
  else setTimeout(callback, 0);
}

function registerServiceWorker() {
  if (!("serviceWorker" in navigator) || location.protocol === "file:") return;
  navigator.serviceWorker
    .register(new URL("sw.js", siteRoot), { scope: siteRoot.pathname, updateViaCache: "none" })
    .catch(() => {});
}

function registerWhenIdle() {
  setTimeout(() => whenIdle(registerServiceWorker), REGISTER_DELAY_MS);
}

function mountCalculators() {
  const elements = document.querySelectorAll("[data-lc-calculator]:not([data-lc-mounted])");
  if (!elements.length) return;
  const app = import("./calculator-app.mjs");
  // Defined now, while the page's scripts run, so window.legcramps exists by the load event (not only once the
  // app module has arrived); the calls wait for the app.
  window.legcramps ||= {
    ready: app.then((module) => module.api.ready),
    evaluate: (answers) => app.then((module) => module.api.evaluate(answers)),
    evaluateJSON: (answers) => app.then((module) => module.api.evaluateJSON(answers)),
    runtime: () => app.then((module) => module.api.runtime()),
  };
  for (const element of elements) {
    element.dataset.lcMounted = "true";
    app.then((module) => module.mount(element, siteRoot));
  }
}

if (document.readyState === "complete") registerWhenIdle();
else window.addEventListener("load", registerWhenIdle, { once: true });

// A module runs once the document is parsed: mount now, rather than wait for Material's document$ at
// DOMContentLoaded. The worker has usually started by then (calculator/start.mjs, from the page's head).
mountCalculators();
// Material's instant navigation swaps page content without reloading scripts; document$ emits on each page
// (the first emission finds this page's calculators mounted already).
if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mountCalculators);
