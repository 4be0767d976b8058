// legcramps offline service worker, precaching the way Workbox's precache controller does. The build
// (generator/publish/service_worker.py) fills in the placeholders: MANIFEST lists every file of the site with its own
// revision (the start of the SHA-256 of its bytes). Each file is kept in one cache under its URL plus its revision
// (`…?__rev=<revision>`), so a new build fetches only the files whose bytes changed and keeps the others; the Pyodide
// runtime, in a folder named after its version, is fetched once per Pyodide version.
// - Every precache request is made with `cache: "reload"` (never answered from the HTTP cache, whatever headers the
//   host sends) and the bytes received are checked against the revision before they are stored.
// - Pages are network-first (a reader online never sees stale medical content), with navigation preload and a
//   timeout: when the network does not answer in NETWORK_TIMEOUT_MS, the precached copy is served. The versioned
//   runtime is cache-first.
// - The site's other files (stylesheets, scripts, the calculator's data, the search index) come from the precache
//   while the host still deploys this worker's build, and network-first otherwise. Each page request also asks the
//   host which build it deploys (BUILD_FILE, a few bytes, past the HTTP cache), alongside the page itself; the files
//   the page then asks for wait for that answer. The precache holds exactly one build's files, so while that build is
//   deployed its copies are byte for byte what the host would send; once another is, every file comes from the
//   network, as pages do, until the new worker has taken over. On a phone network this spares a returning reader a
//   round trip per file, and one per level of imports, for the same bytes.
// - Nothing is stored from a page's requests: a URL's query never makes a cache entry of its own (its precached copy,
//   query stripped, is the offline fallback).
// legcramps.mjs registers this worker only once the page has loaded and then been idle a few seconds, so its
// precache (the ~13.5 MB runtime included, on a first visit) never competes with the page a reader opened.
// This build: a hash of the whole manifest (generator/publish/service_worker.py build_hash), for whoever reads the
// deployed worker; caching goes by each file's revision, not by it.
const BUILD = "__BUILD_HASH__";
const MANIFEST = ["__PRECACHE_MANIFEST__"];
const RUNTIME_PREFIX = "__RUNTIME_PREFIX__";
const BUILD_FILE = "__BUILD_FILE__";
const PRECACHE = "legcramps-precache";
const REVISION_PARAM = "__rev";
const NETWORK_TIMEOUT_MS = 3500;
const PARALLEL_DOWNLOADS = 4;
const scope = new URL(self.registration.scope);
const runtimeRoot = new URL(RUNTIME_PREFIX, scope).href;

// URL as requested (no query) -> {key: the cache key of this build's revision, revision}
const precached = new Map(
  MANIFEST.map(({ url, revision }) => {
    const href = new URL(url, scope).href;
    const key = new URL(href);
    key.searchParams.set(REVISION_PARAM, revision);
    return [href, { key: key.href, revision }];
  }),
);

function withoutQuery(url) {
  const clean = new URL(url);
  clean.search = "";
  clean.hash = "";
  return clean.href;
}

async function revisionOf(response) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", await response.arrayBuffer()));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

// A response that was redirected cannot answer a navigation; keep its body and headers only.
async function withoutRedirect(response) {
  const { status, statusText, headers } = response;
  return new Response(await response.blob(), { status, statusText, headers });
}

async function download(cache, url, { key, revision }) {
  const response = await fetch(new Request(url, { cache: "reload", credentials: "same-origin" }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const received = (await revisionOf(response.clone())).slice(0, revision.length);
  // Bytes of another build (a stale copy on the way): store nothing, so the install fails and is tried again later.
  if (received !== revision) throw new Error(`${url}: received revision ${received}, this build has ${revision}`);
  await cache.put(key, response.redirected ? await withoutRedirect(response) : response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(PRECACHE);
      const stored = new Set((await cache.keys()).map((request) => request.url));
      const missing = [...precached].filter(([, entry]) => !stored.has(entry.key));
      const next = async () => {
        for (let item = missing.shift(); item; item = missing.shift()) await download(cache, ...item);
      };
      await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, next));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("legcramps-") && name !== PRECACHE) await caches.delete(name);
      }
      const current = new Set([...precached.values()].map((entry) => entry.key));
      const cache = await caches.open(PRECACHE);
      for (const request of await cache.keys()) {
        if (!current.has(request.url)) await cache.delete(request);
      }
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

async function fromPrecache(url) {
  const entry = precached.get(url);
  return entry ? (await caches.open(PRECACHE)).match(entry.key) : undefined;
}

function delay(ms) {
  let timer;
  const promise = new Promise((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

// The network's answer, whatever its status; the precached copy when the network fails or is slower than
// NETWORK_TIMEOUT_MS; the network's late answer when there is no copy.
async function networkFirst(event, url) {
  const request = event.request;
  const preload = request.mode === "navigate" ? event.preloadResponse : undefined;
  const network = preload ? preload.then((response) => response || fetch(request)) : fetch(request);
  if (preload) event.waitUntil(network.catch(() => {})); // the preload may settle after we answered from the cache
  const timeout = delay(NETWORK_TIMEOUT_MS);
  const first = await Promise.race([
    network.then(
      (response) => ({ response }),
      (error) => ({ error }),
    ),
    timeout.promise.then(() => ({ late: true })),
  ]);
  timeout.cancel();
  if (first.response) return first.response;
  const copy = await fromPrecache(url);
  if (copy) return copy;
  if (first.late) return network;
  throw first.error;
}

async function cacheFirst(event, url) {
  return (await fromPrecache(url)) || fetch(event.request);
}

// Which build the host deploys, asked with each page request: "same" (this worker's, so its precache is current),
// "other", "unknown" (no answer: offline, or a host without BUILD_FILE) or "late" (none within NETWORK_TIMEOUT_MS: a
// host that hangs). Held for the files the page then requests; asked anew when a file comes first (this worker was
// started after its page had loaded).
let deployed = null;

function askDeployedBuild() {
  const timeout = delay(NETWORK_TIMEOUT_MS);
  const answer = (async () => {
    try {
      const url = new URL(BUILD_FILE, scope);
      const response = await fetch(new Request(url, { cache: "no-cache", credentials: "same-origin" }));
      if (!response.ok) return "unknown";
      return (await response.json()).build === BUILD ? "same" : "other";
    } catch {
      return "unknown";
    }
  })();
  deployed = Promise.race([answer, timeout.promise.then(() => "late")]);
  deployed.then(timeout.cancel);
  return deployed;
}

// A file of the site that is not a page: the precached copy while the host deploys this build (or hangs, as
// networkFirst would serve it then); network-first while it deploys another, or does not say.
async function siteFile(event, url) {
  const build = await (deployed ?? askDeployedBuild());
  if (build === "same" || build === "late") {
    const copy = await fromPrecache(url);
    if (copy) return copy;
  }
  return networkFirst(event, url);
}

// A page: a navigation, a frame, or a page's address fetched by Material's instant navigation.
function isPage(request, url) {
  return request.mode === "navigate" || request.destination === "document" || url.endsWith("/") || url.endsWith(".html");
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope.href)) return;
  const url = withoutQuery(request.url);
  if (request.mode !== "navigate" && !precached.has(url)) return;
  if (url.startsWith(runtimeRoot)) event.respondWith(cacheFirst(event, url));
  else if (isPage(request, url)) {
    askDeployedBuild();
    event.respondWith(networkFirst(event, url));
  } else event.respondWith(siteFile(event, url));
});
