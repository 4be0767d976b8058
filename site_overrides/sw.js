// legcramps offline service worker. The build (generator/publish/service_worker.py) fills in the placeholders: the build
// hash names the cache, so every build replaces the previous one; CORE is every page and asset, RUNTIME the
// Pyodide files. Pages and data are fetched network-first (never stale when online, cached for offline);
// the large, versioned Pyodide runtime is served cache-first.
// legcramps.mjs registers this worker only once the page has loaded and then been idle a few seconds, so its
// precache (the ~13.5 MB runtime included) never competes with the page a reader opened.
const BUILD = "__BUILD_HASH__";
const CORE = ["__CORE_FILES__"];
const RUNTIME = ["__RUNTIME_FILES__"];
const CACHE = `legcramps-${BUILD}`;
const scope = new URL(self.registration.scope);
const runtimeURLs = new Set(RUNTIME.map((path) => new URL(path, scope).href));

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(CORE.map((path) => new URL(path, scope).href));
      // The runtime is part of the offline site too; it is fetched here, by the worker, not by any page.
      await cache.addAll([...runtimeURLs]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith("legcramps-") && name !== CACHE) await caches.delete(name);
      }
      await self.clients.claim();
    })(),
  );
});

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && request.method === "GET") cache.put(request, response.clone());
    return response;
  } catch (error) {
    const cached = await cache.match(request, { ignoreSearch: request.mode === "navigate" });
    if (cached) return cached;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !request.url.startsWith(scope.href)) return;
  event.respondWith(runtimeURLs.has(request.url) ? cacheFirst(request) : networkFirst(request));
});
