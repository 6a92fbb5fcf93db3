// Liaison's service worker: serves the app shell from the cache so the app opens
// with no network, installs new deployments without taking over until the
// page asks it to (the user tapped "Update"), and shows the representative's
// reminders (a reception day coming, the quarter ending) as notifications
// while the app is closed, when the browser wakes it (Periodic Background Sync),
// and sends what was saved offline once the network is back, though the app
// was closed (Background Sync, where the browser has it).
//
// `cargo xtask build` fills BUILD, PRECACHE and the tools module's files from
// the hashed build output; this file is never edited by hand to list assets.
const BUILD = "{{build}}";
const PRECACHE = {{precache}};
const TOOLS_WORKER_JS = "{{tools_worker_js}}";
const TOOLS_WASM = "{{tools_wasm}}";
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

// ---- Reminders as notifications ------------------------------------------
// The app keeps the coming week's reminders in IndexedDB (settings key
// "reminder_notices": {v: 1, title, items: [{key, from, until, body}]}, see
// app/src/storage/notices.rs); each is shown once (the keys shown are kept
// under "reminders_shown"), only on its day (from <= now < until); when it
// last looked is "reminders_checked_at".
const REMINDER_TAG = "liaison-reminders";
const NOTICES = "reminder_notices";
const SHOWN = "reminders_shown";
const CHECKED = "reminders_checked_at"; // when it last looked (RFC 3339)

/** The app's database as it is, or null: never creates nor upgrades it. */
function openDatabase() {
  return new Promise((resolve) => {
    const open = indexedDB.open("liaison");
    open.onupgradeneeded = () => open.transaction.abort(); // no database yet: leave it to the app
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => resolve(null);
    open.onblocked = () => resolve(null);
  });
}

function request(r) {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

async function showDueReminders() {
  if (self.Notification?.permission !== "granted") return;
  const db = await openDatabase();
  if (!db || !db.objectStoreNames.contains("settings")) return db?.close();
  try {
    const read = db.transaction("settings").objectStore("settings");
    const [notices, shown] = await Promise.all([request(read.get(NOTICES)), request(read.get(SHOWN))]);
    if (!notices || notices.v !== 1 || !Array.isArray(notices.items)) return;
    const seen = new Set(Array.isArray(shown) ? shown : []);
    const now = Date.now();
    const due = notices.items.filter(
      (n) => !seen.has(n.key) && Date.parse(n.from) <= now && now < Date.parse(n.until),
    );
    for (const notice of due) {
      await self.registration.showNotification(notices.title, {
        body: notice.body,
        tag: notice.key,
        icon: "/icons/icon-192.png",
        data: { url: "/" },
      });
      seen.add(notice.key);
    }
    const write = db.transaction("settings", "readwrite").objectStore("settings");
    if (due.length) await request(write.put([...seen].slice(-200), SHOWN));
    await request(write.put(new Date(now).toISOString(), CHECKED));
  } finally {
    db.close();
  }
}

self.addEventListener("periodicsync", (event) => {
  if (event.tag === REMINDER_TAG) event.waitUntil(showDueReminders());
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      return open ? open.focus() : self.clients.openWindow(event.notification.data?.url || "/");
    }),
  );
});

// ---- Background Sync --------------------------------------------------------
// The page registers the one-off sync SYNC_TAG when it writes for the server
// or a sync fails for want of network (app/src/sync.rs); the browser fires it
// here once it is online again, and again later, with its own back-off, while
// it fails. The sync is the tools module's own `sync_now` (Rust, the same as
// the page's): an open page of the app is asked to run it, so its screen
// follows; with none open, this worker runs it itself. `sync_now` holds the
// Web Lock "liaison-sync", so two syncs never interleave.
const SYNC_TAG = "liaison-sync";
// How long an open page has to answer before this worker syncs itself (a
// page frozen in the background never answers).
const PAGE_ANSWERS_WITHIN_MS = 30 * 1000;

// Only browsers with Background Sync load the tools' glue (a classic script
// defining `wasm_bindgen`): importScripts works only while the worker first
// runs its script, and what it imports is kept with the worker, offline too.
if (self.registration && "sync" in self.registration) importScripts(TOOLS_WORKER_JS);

let tools;
/** The tools module, instantiated once from the precached wasm. */
function loadTools() {
  tools ??= (async () => {
    const wasm = (await caches.match(TOOLS_WASM)) || (await fetch(TOOLS_WASM));
    await wasm_bindgen({ module_or_path: wasm });
    return wasm_bindgen;
  })().catch((error) => {
    tools = undefined;
    throw error;
  });
  return tools;
}

/**
 * Asks an open page of the app to sync: its answer ("done", "retry",
 * "stopped", "skipped"), or null when no page answers.
 */
async function askPage() {
  const windows = await self.clients.matchAll({ type: "window" });
  // The one the user sees first.
  windows.sort((a, b) => (b.focused - a.focused) || ((b.visibilityState === "visible") - (a.visibilityState === "visible")));
  for (const page of windows) {
    const answer = await new Promise((resolve) => {
      const channel = new MessageChannel();
      const late = setTimeout(() => resolve(null), PAGE_ANSWERS_WITHIN_MS);
      channel.port1.onmessage = (event) => {
        clearTimeout(late);
        resolve(event.data);
      };
      page.postMessage({ type: "liaison:sync" }, [channel.port2]);
    });
    if (answer) return answer;
  }
  return null;
}

/** Runs the tools module's `sync_now` here: "done", "retry", "stopped" or "skipped". */
async function syncHere() {
  // Never the one to create the app's database (see openDatabase).
  const db = await openDatabase();
  if (!db) return "skipped";
  db.close();
  const module = await loadTools();
  try {
    const answer = await module.sync_now();
    return answer && answer.retry_after_ms !== undefined ? "retry" : "done";
  } catch {
    // Signed out, or the device revoked or unknown (the note is stored for
    // the next start): trying again would not help.
    return "stopped";
  } finally {
    module.release();
  }
}

async function backgroundSync() {
  let outcome = await askPage();
  let by = "page";
  if (outcome === null) {
    by = "worker";
    outcome = await syncHere().catch((error) => {
      console.warn("liaison-sync: the tools module did not run", error);
      return "retry";
    });
  }
  console.info(`liaison-sync: ${outcome} (${by})`);
  // Rejected: the browser fires it again later, with its own back-off.
  if (outcome === "retry") throw new Error("liaison-sync: the server could not be reached; the browser will retry");
}

self.addEventListener("sync", (event) => {
  if (event.tag === SYNC_TAG) event.waitUntil(backgroundSync());
});
