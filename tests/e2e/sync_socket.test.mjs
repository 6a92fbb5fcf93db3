// While the app is open, sync requests travel over one WebSocket (a tenth of
// an HTTP request's cost in a browser); HTTP stays the ground. Going offline
// closes the socket. A phone whose
// network refuses WebSockets syncs over HTTP alone; a socket that closes in
// the middle of a request hands that request to HTTP, and nothing is lost or
// doubled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, readRecords, createAccounts } from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
  await createAccounts(server, [["zhaoliu", "赵六"]]);
});
after(async () => {
  await server?.stop();
});

const tools = (page, call, ...args) => page.evaluate(([call, args]) => window.__liaisonTools().then((t) => t[call](...args)), [call, args]);

/** Cards written as the app writes them, numbered from `from`. */
function seed(page, from, count) {
  return page.evaluate(
    async ({ from, count }) => {
      const db = await new Promise((resolve) => {
        const open = indexedDB.open("liaison");
        open.onsuccess = () => resolve(open.result);
      });
      const tx = db.transaction(["opinion_cards", "outbox", "settings"], "readwrite");
      const last = await new Promise((resolve) => {
        const r = tx.objectStore("settings").get("outbox_seq");
        r.onsuccess = () => resolve(r.result ?? 0);
      });
      for (let i = 0; i < count; i++) {
        const id = `01936f4e-8c2a-7b3d-9f10-${(from + i).toString(16).padStart(12, "0")}`;
        tx.objectStore("opinion_cards").add({
          v: 3,
          id,
          content: `第 ${from + i} 条：路灯坏了。`,
          category: "urban_construction",
          place: "幸福村",
          collected_at: "2026-12-01T01:00:00Z",
          urgency: "normal",
          raised_by: { type: "anonymous" },
          reception: "",
          collected_by: "赵六",
        });
        tx.objectStore("outbox").add({ seq: last + i + 1, collection: "opinion_card", id });
      }
      tx.objectStore("settings").put(last + count, "outbox_seq");
      tx.objectStore("settings").put(true, "outbox_backfilled");
      await new Promise((resolve, reject) => {
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
      });
      db.close();
    },
    { from, count }
  );
}

/** Counts the page's sync requests by way: HTTP posts and socket messages sent. */
function watch(page) {
  const seen = { http: 0, socket: 0, hellos: 0 };
  page.on("request", (request) => {
    if (request.url().endsWith("/api/v1/sync") && request.method() === "POST") seen.http += 1;
  });
  page.on("websocket", (ws) => {
    ws.on("framesent", ({ payload }) => {
      if (String(payload).includes('"token"')) seen.hellos += 1;
      else seen.socket += 1;
    });
  });
  return seen;
}

test("after the first request, a sync travels over the socket; the other phone gets every card once", async () => {
  const phone = await launch();
  const other = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    const seen = watch(page);
    await tools(page, "sign_in", "zhaoliu", "rep-secret-1", "赵六的手机");
    await tools(page, "sync_now");
    assert.equal(seen.http, 1, "the first request goes over HTTP, and the socket opens meanwhile");

    await seed(page, 0, 5);
    const pushed = await tools(page, "sync_now");
    assert.equal(pushed.sent, 5);
    assert.equal(seen.http, 1, "no HTTP request once the socket is open");
    assert.equal(seen.socket, 1);
    assert.equal(seen.hellos, 1);
    assert.equal((await readRecords(page, "outbox")).length, 0);

    // Offline and back: the socket from before is not trusted; the next
    // request goes over HTTP while a new socket opens.
    await phone.context.setOffline(true);
    await phone.context.setOffline(false);
    await seed(page, 5, 1);
    assert.equal((await tools(page, "sync_now")).sent, 1);
    assert.equal(seen.http, 2);
    await seed(page, 6, 1);
    assert.equal((await tools(page, "sync_now")).sent, 1);
    assert.equal(seen.http, 2, "the new socket carries the next sync");
    assert.equal(seen.hellos, 2);

    const second = await openApp(other.context, server.url, "/settings");
    await tools(second, "sign_in", "zhaoliu", "rep-secret-1", "赵六的平板");
    await tools(second, "sync_now");
    const cards = await readRecords(second, "opinion_cards");
    assert.equal(cards.length, 7);
    assert.equal(new Set(cards.map((c) => c.id)).size, 7);
  } finally {
    await phone.close();
    await other.close();
  }
});

test("a network that refuses WebSockets: every request goes over HTTP, and the sync completes", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    await page.routeWebSocket("**/api/v1/sync/socket", (ws) => ws.close({ code: 1011, reason: "refused" }));
    const seen = watch(page);
    await tools(page, "sign_in", "zhaoliu", "rep-secret-1", "赵六的旧手机");
    await tools(page, "sync_now");
    await seed(page, 100, 3);
    const pushed = await tools(page, "sync_now");
    assert.equal(pushed.sent, 3);
    assert.equal(pushed.retry_after_ms, undefined);
    assert.equal(seen.http, 2);
    assert.equal(seen.socket, 0);
    assert.equal((await readRecords(page, "outbox")).length, 0);
  } finally {
    await phone.close();
  }
});

test("the socket closed while a push is on it: the push goes again over HTTP, each card once", async () => {
  const phone = await launch();
  const other = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    // The socket passes everything on, but drops the connection the moment
    // a push reaches the server, before its answer comes back.
    let cut = 0;
    await page.routeWebSocket("**/api/v1/sync/socket", (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        upstream.send(message);
        if (String(message).includes('"push":[{')) {
          cut += 1;
          upstream.onMessage(() => {});
          ws.close({ code: 4000, reason: "cut" });
        }
      });
    });
    const seen = watch(page);
    await tools(page, "sign_in", "zhaoliu", "rep-secret-1", "赵六的备用机");
    await tools(page, "sync_now");
    await seed(page, 200, 4);
    const pushed = await tools(page, "sync_now");
    assert.equal(cut, 1, "the push reached the server over the socket");
    assert.equal(pushed.sent, 4);
    assert.equal(pushed.retry_after_ms, undefined);
    assert.equal(seen.http, 2, "the cut push went again over HTTP");
    assert.equal((await readRecords(page, "outbox")).length, 0);

    const second = await openApp(other.context, server.url, "/settings");
    await tools(second, "sign_in", "zhaoliu", "rep-secret-1", "赵六的笔记本");
    await tools(second, "sync_now");
    const ids = (await readRecords(second, "opinion_cards")).map((c) => c.id);
    const mine = ids.filter((id) => parseInt(id.slice(-12), 16) >= 200);
    assert.deepEqual(mine.length, 4, "each card of the cut push once");
    assert.equal(new Set(ids).size, ids.length);
  } finally {
    await phone.close();
    await other.close();
  }
});
