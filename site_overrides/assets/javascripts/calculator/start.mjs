// Starts the calculator's worker as early as the page allows. main.html loads this module, async, from the <head> of
// pages with a calculator (and only those), so it runs as soon as it has arrived, while the page is still being parsed:
// the app (legcramps.mjs imports it after Material's bundle) mounts only after Material's start-up at DOMContentLoaded,
// 200-300 ms later here.
// - The worker is created at once: it loads its own script (a few kB) while the page paints, and waits.
// - It is set to work once the page's largest text has painted (paint.mjs says why not sooner), and fetches the
//   runtime's wasm and standard library at once (worker-client.mjs).
import { afterLargestPaint } from "./paint.mjs";
import { api, createWorker, startWorker } from "./worker-client.mjs";

const siteRoot = new URL("../../../", import.meta.url);

// A failure to start is shown by the calculator once it has mounted (mount.mjs); until then it is not uncaught.
api.ready.catch(() => {});

createWorker(siteRoot);
afterLargestPaint(() => startWorker(siteRoot));
