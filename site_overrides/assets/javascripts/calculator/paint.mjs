// When the calculator's worker may start, and with it the runtime's 3.5 MB download: once the browser has reported the
// page's largest contentful paint (LCP), the text the reader came for. Not sooner: on a slow network those bytes would
// share it with the page's own stylesheets, scripts and text, and a file fetched on a fast connection before the LCP
// counts in Lighthouse's estimate of it (the wasm, fetched from the page's head, put the calculator page's LCP at 24 s;
// the first contentful paint is not late enough either, as the LCP can come a frame after it). Used by start.mjs, and
// by mount.mjs after Material's instant navigation, where the first page's paint is reported at once.

function onceOnly(callback) {
  let called = false;
  return () => {
    if (called) return;
    called = true;
    callback();
  };
}

// Calls back once the LCP has been reported. A browser that reports none, or a page loading in a background tab, which
// does not paint, calls back at the load event instead (at once if it has passed).
export function afterLargestPaint(callback) {
  const once = onceOnly(callback);
  const atLoad = () => {
    if (document.readyState === "complete") once();
    else window.addEventListener("load", once, { once: true });
  };
  if (typeof PerformanceObserver !== "function" || !PerformanceObserver.supportedEntryTypes?.includes("largest-contentful-paint")) {
    return atLoad();
  }
  const observer = new PerformanceObserver(() => {
    observer.disconnect();
    once();
  });
  observer.observe({ type: "largest-contentful-paint", buffered: true });
  if (document.visibilityState === "hidden") atLoad();
}
