// Shared by the end-to-end tests: start the real server on a free port with a
// fresh data directory, and Debian's Chromium with a fresh profile.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
export const BIN = process.env.LIAISON_BIN ?? join(here, "../../target/debug/liaison");
export const DIST = process.env.LIAISON_DIST ?? join(here, "../../target/dist");
export const SCREENSHOTS = join(here, "screenshots");
export const PHONE = { width: 360, height: 740 };
export const DESKTOP = { width: 1280, height: 800 };

const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function tempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `liaison-${prefix}-`));
}

/** A copy of the built PWA that a test may change (a "new deployment"). */
export function copyOfDist() {
  const dir = tempDir("web");
  cpSync(DIST, dir, { recursive: true });
  return dir;
}

/** Starts `liaison serve` on 127.0.0.1 with a free port; resolves once it prints its URL. */
export async function startServer({ webDir = DIST } = {}) {
  const dataDir = tempDir("data");
  let { child, url } = await spawnServer({ webDir, dataDir, bind: "127.0.0.1:0" });
  return {
    get url() {
      return url;
    },
    dataDir,
    /** Kills the server at once (SIGKILL: no shutdown, no checkpoint), as a crash or a power cut would. */
    async kill9() {
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    },
    /** Starts it again on the same address and data (after `kill9`). */
    async restart() {
      ({ child, url } = await spawnServer({ webDir, dataDir, bind: url.replace(/^https?:\/\//, "") }));
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) {
        rmSync(dataDir, { recursive: true, force: true });
        return;
      }
      const exited = new Promise((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function spawnServer({ webDir, dataDir, bind }) {
  const child = spawn(BIN, ["serve", "--bind", bind, "--data-dir", dataDir, "--web-dir", webDir], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, LIAISON_LOG: "warn" },
  });
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const url = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(/running at (http\S+)/);
      if (match) resolve(match[1].replace(/\/$/, ""));
    });
    child.on("exit", (code) => reject(new Error(`liaison exited with ${code} before listening:\n${stderr}`)));
  });
  return { child, url };
}

/** Debian's Chromium, headless, with a fresh profile (a new phone) or a given one (the same phone again). */
export async function launch({ viewport = PHONE, profile = tempDir("profile"), keepProfile = false } = {}) {
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport,
    locale: "zh-CN",
    serviceWorkers: "allow",
  });
  keepOfflineAcrossNavigations(context);
  const close = async () => {
    await context.close();
    if (!keepProfile) rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}

/**
 * `context.setOffline(true)` blocks the network for good, but this Chromium
 * (148) forgets the emulated `navigator.onLine` at each new document: after a
 * reload offline the page reads `onLine === true` and never gets its
 * `offline` event, though every request still fails. So while the context is
 * offline, every page's new document is told so again, through its own CDP
 * session, as it commits; going online tells those sessions too.
 */
function keepOfflineAcrossNavigations(context) {
  let offline = false;
  const sessions = new Map();
  const conditions = (value) => ({ offline: value, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const session = async (page) => {
    if (!sessions.has(page)) sessions.set(page, context.newCDPSession(page));
    return sessions.get(page);
  };
  const watch = (page) => {
    page.on("framenavigated", async (frame) => {
      if (!offline || frame !== page.mainFrame()) return;
      try {
        await (await session(page)).send("Network.emulateNetworkConditions", conditions(true));
      } catch {
        // The page is closing.
      }
    });
    page.on("close", () => sessions.delete(page));
  };
  context.pages().forEach(watch);
  context.on("page", watch);
  const setOffline = context.setOffline.bind(context);
  context.setOffline = async (value) => {
    offline = value;
    await setOffline(value);
    for (const page of context.pages()) {
      if (!value && !sessions.has(page)) continue;
      await (await session(page)).send("Network.emulateNetworkConditions", conditions(value)).catch(() => {});
    }
  };
}

/** Opens the app and waits until the service worker controls the page (so it works offline). */
export async function openApp(context, url, path = "/") {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(url + path);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
  return page;
}

/** Saves a screenshot at the page's current size as screenshots/<name>-<w>x<h>.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const { width, height } = page.viewportSize();
  await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}x${height}.png`), fullPage: true });
}

/** Screenshots at phone and desktop size, leaving the page at phone size. */
export async function screenshotBoth(page, name) {
  await page.setViewportSize(PHONE);
  await screenshot(page, name);
  await page.setViewportSize(DESKTOP);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
}

/** How many records an IndexedDB object store of the app holds. */
export async function countRecords(page, store) {
  return (await readRecords(page, store)).length;
}

/** Fills and saves an opinion card through the form, as a user does. */
export async function createCard(page, { content, category = "urban_construction", place, raiser }) {
  await page.getByTestId("new-card").click();
  await page.locator("#content").fill(content);
  await page.locator("#category").selectOption(category);
  await page.locator("#place").fill(place);
  if (raiser) {
    await page.locator("#raiser-name").fill(raiser.name);
    await page.locator("#raiser-phone").fill(raiser.phone);
  }
  await page.getByTestId("save").click();
  await page.getByTestId("cards").getByText(content).waitFor();
}

/**
 * Every opinion card on a phone as stored: its own, one a record, and those
 * pulled from the server, kept a page a sync response (`card_pages`).
 */
export async function readCards(page) {
  const own = await readRecords(page, "opinion_cards");
  const pages = await readRecords(page, "card_pages");
  return own.concat(pages.flatMap((p) => p.cards));
}

/** The records of an IndexedDB object store of the app. */
export function readRecords(page, store) {
  return page.evaluate(
    (store) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("liaison");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => {
            db.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    store
  );
}

/**
 * Waits until some draft in IndexedDB (the store `drafts`, or `opinion_drafts`)
 * satisfies `predicate(draft)` (given as source text). The page function must answer synchronously, so each poll
 * starts an IndexedDB read and reports the last one that finished.
 */
export async function waitForDraft(page, predicateSource, store = "drafts") {
  await page.evaluate(() => {
    window.__draftProbe = undefined;
  });
  await page.waitForFunction(
    ([source, store]) => {
      const probe = (window.__draftProbe ??= { matched: false, pending: false });
      if (!probe.pending) {
        probe.pending = true;
        const predicate = eval(source);
        const open = indexedDB.open("liaison");
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => {
            probe.matched = request.result.some(predicate);
            probe.pending = false;
            db.close();
          };
        };
      }
      return probe.matched;
    },
    [predicateSource, store],
    { polling: 50, timeout: 10_000 }
  );
}

/** A fixture file's path (tests/e2e/fixtures). */
export function fixture(name) {
  return join(here, "fixtures", name);
}

/**
 * The photos kept on the device: each record, with what its JPEG holds — its
 * size, whether it is a JPEG, and the markers of its segments before the image
 * data (APP1 `ffe1` is where EXIF, and GPS with it, would be).
 */
export function readPhotos(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("liaison");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction("photos").objectStore("photos").getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            db.close();
            const photos = [];
            for (const stored of request.result) {
              const bytes = new Uint8Array(await stored.image.arrayBuffer());
              const markers = [];
              let at = 2;
              while (at + 4 <= bytes.length && bytes[at] === 0xff && bytes[at + 1] !== 0xda) {
                markers.push(bytes[at + 1].toString(16));
                at += 2 + ((bytes[at + 2] << 8) | bytes[at + 3]);
              }
              const thumb = await stored.thumb.arrayBuffer();
              photos.push({
                card: stored.card,
                record: stored.record,
                size: bytes.length,
                jpeg: bytes[0] === 0xff && bytes[1] === 0xd8,
                markers,
                thumbSize: thumb.byteLength,
              });
            }
            resolve(photos);
          };
        };
      })
  );
}

/** JSON to the server's API (with a device token when given): `{status, body}`. */
export async function api(server, path, { method = "GET", body, token } = {}) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(server.url + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/**
 * Creates the first administrator (`admin` / `admin-secret-1`) with the
 * `liaison admin create` command, signs it in, and creates `people`
 * (`[login, name]`, representatives with the password `rep-secret-1`).
 * Answers the administrator's device token.
 */
export async function createAccounts(server, people) {
  execFileSync(BIN, ["admin", "create", "--login", "admin", "--name", "管理员", "--password-env", "ADMIN_PW", "--data-dir", server.dataDir], {
    env: { ...process.env, ADMIN_PW: "admin-secret-1", LIAISON_DATABASE_URL: "" },
  });
  const session = await api(server, "/api/v1/session", {
    method: "POST",
    body: { login: "admin", password: "admin-secret-1", device_name: "办公室电脑" },
  });
  if (session.status !== 201) throw new Error(`admin sign-in: ${JSON.stringify(session.body)}`);
  for (const [login, name] of people) {
    const made = await api(server, "/api/v1/admin/users", {
      method: "POST",
      token: session.body.token,
      body: { login, name, role: "representative", password: "rep-secret-1" },
    });
    if (made.status !== 201) throw new Error(`creating ${login}: ${JSON.stringify(made.body)}`);
  }
  return session.body.token;
}

/**
 * A server with the demo organisation loaded (`liaison demo`), its
 * administrator, and `people` — `[login, name, role]` — of the demo
 * organisation, each with the password "rep-secret-1". Answers the server,
 * the administrator's token and the organisation (`{id, name}`).
 */
export async function startDemoServer(people) {
  const server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  const admin = await createAccounts(server, []);
  const org = (await api(server, "/api/v1/organisation")).body;
  for (const [login, name, role] of people) {
    const made = await api(server, "/api/v1/admin/users", {
      method: "POST",
      token: admin,
      body: { login, name, role, organisation_id: org.id, password: "rep-secret-1" },
    });
    if (made.status !== 201) throw new Error(`creating ${login}: ${JSON.stringify(made.body)}`);
  }
  return { server, admin, org };
}

/** Signs `page` in as `login` from the settings screen, naming the device. */
export async function signIn(page, server, login, deviceName, password = "rep-secret-1") {
  await page.goto(server.url + "/settings");
  await page.locator("#login").fill(login);
  await page.locator("#password").fill(password);
  await page.locator("#device-name").fill(deviceName);
  await page.getByTestId("sign-in-submit").click();
  await page.getByTestId("signed-in").waitFor();
}

/** Signs `login` in through the API, as a device named `deviceName`; answers its token. */
export async function apiToken(server, login, deviceName, password = "rep-secret-1") {
  const session = await api(server, "/api/v1/session", {
    method: "POST",
    body: { login, password, device_name: deviceName },
  });
  if (session.status !== 201) throw new Error(`${login} sign-in: ${JSON.stringify(session.body)}`);
  return session.body.token;
}

/**
 * The app's service worker registration id, to wake it through `cdp` (a CDP
 * session of any page of the context: `ServiceWorker.dispatchSyncEvent`,
 * `dispatchPeriodicSyncEvent`). Enables the session's ServiceWorker domain.
 */
export async function serviceWorkerRegistration(cdp, server) {
  const registration = new Promise((resolve) =>
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL.startsWith(server.url) && !r.isDeleted);
      if (ours) resolve(ours.registrationId);
    }),
  );
  await cdp.send("ServiceWorker.enable");
  return registration;
}

/**
 * Opinion cards written straight into the phone's IndexedDB as the app
 * writes them (each record with its outbox entry, numbered after the last),
 * for sync tests and benchmarks that need many. Card `n` (from `from`) has
 * the id `01936f4e-8c2a-7b3d-9f10-<n in 12 hex digits>`, the content
 * `<n>：<text>`, and was collected `n` minutes after 2026-01-01 by
 * `collectedBy`.
 */
export function seedCards(page, { from = 0, count, text = "村里的道路需要修缮。", collectedBy = "张三" }) {
  return page.evaluate(
    async ({ from, count, text, collectedBy }) => {
      const db = await new Promise((resolve, reject) => {
        const open = indexedDB.open("liaison");
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const tx = db.transaction(["opinion_cards", "outbox", "settings"], "readwrite");
      const settings = tx.objectStore("settings");
      const last = await new Promise((resolve) => {
        const r = settings.get("outbox_seq");
        r.onsuccess = () => resolve(r.result ?? 0);
      });
      for (let i = 0; i < count; i++) {
        const n = from + i;
        const id = `01936f4e-8c2a-7b3d-9f10-${n.toString(16).padStart(12, "0")}`;
        const at = new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString().replace(/\.\d+Z$/, "Z");
        tx.objectStore("opinion_cards").add({
          v: 3,
          id,
          content: `${n}：${text}`,
          category: "urban_construction",
          place: `第 ${n % 12} 联系点`,
          collected_at: at,
          urgency: "normal",
          raised_by: { type: "anonymous" },
          reception: "",
          collected_by: collectedBy,
        });
        tx.objectStore("outbox").add({ seq: last + i + 1, collection: "opinion_card", id });
      }
      settings.put(last + count, "outbox_seq");
      settings.put(true, "outbox_backfilled");
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { from, count, text, collectedBy }
  );
}
