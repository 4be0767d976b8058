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

// Each calculator mounts in a task of its own. The app module arrives with the page (main.html preloads it), so its
// import resolves as the page's scripts finish, in the very task where Material's bundle then starts every component
// at DOMContentLoaded: mounting there made one task of both, about 470 ms at 8x CPU on the calculator page, where a
// reader's first tap waited for all of it and Lighthouse counted all but 50 ms as blocking.
const inTaskOfItsOwn = (callback) => setTimeout(callback, 0);

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
    app.then((module) => inTaskOfItsOwn(() => module.mount(element, siteRoot)));
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
