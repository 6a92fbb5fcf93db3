// Liaison's service worker: serves the app shell from the cache so the app opens
// with no network, and installs new deployments without taking over until the
// page asks it to (the user tapped "Update").
//
// `cargo xtask build` fills BUILD and PRECACHE from the hashed build output;
// this file is never edited by hand to list assets.
const BUILD = "{{build}}";
const PRECACHE = {{precache}};
const CACHE = "liaison-shell-" + BUILD;
const SHELL = "/index.html";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      // `reload` bypasses the HTTP cache so the new build's files are fetched.
      cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })))
    )
  );
  // No skipWaiting here: a waiting version takes over only when asked.
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((key) => key.startsWith("liaison-shell-") && key !== CACHE).map((key) => caches.delete(key))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // The API and health checks always go to the network.
  if (url.pathname.startsWith("/api/") || url.pathname === "/healthz") return;

  if (request.mode === "navigate") {
    // Every screen of the app is the same shell (navigation fallback): deep
    // links open offline too.
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match(SHELL)).then((shell) => shell || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request)).then((cached) => cached || fetch(request))
  );
});
