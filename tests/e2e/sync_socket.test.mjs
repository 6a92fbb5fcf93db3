// While the app is open, sync requests travel over one WebSocket (a tenth of
// an HTTP request's cost in a browser); HTTP stays the ground. Going offline
// closes the socket. A phone whose
// network refuses WebSockets syncs over HTTP alone; a socket that closes in
// the middle of a request hands that request to HTTP, and nothing is lost or
// doubled.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, readRecords, createAccounts, seedCards, readCards } from "./helpers.mjs";

let server;

before(async () => {
  server = await startServer();
  await createAccounts(server, [["zhaoliu", "赵六"]]);
});
after(async () => {
  await server?.stop();
});

const tools = (page, call, ...args) => page.evaluate(([call, args]) => window.__liaisonTools().then((t) => t[call](...args)), [call, args]);

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

    await seedCards(page, { from: 0, count: 5, text: "路灯坏了。", collectedBy: "赵六" });
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
    await seedCards(page, { from: 5, count: 1, text: "路灯坏了。", collectedBy: "赵六" });
    assert.equal((await tools(page, "sync_now")).sent, 1);
    assert.equal(seen.http, 2);
    await seedCards(page, { from: 6, count: 1, text: "路灯坏了。", collectedBy: "赵六" });
    assert.equal((await tools(page, "sync_now")).sent, 1);
    assert.equal(seen.http, 2, "the new socket carries the next sync");
    assert.equal(seen.hellos, 2);

    const second = await openApp(other.context, server.url, "/settings");
    await tools(second, "sign_in", "zhaoliu", "rep-secret-1", "赵六的平板");
    await tools(second, "sync_now");
    const cards = await readCards(second);
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
    await seedCards(page, { from: 100, count: 3, text: "路灯坏了。", collectedBy: "赵六" });
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
    await seedCards(page, { from: 200, count: 4, text: "路灯坏了。", collectedBy: "赵六" });
    const pushed = await tools(page, "sync_now");
    assert.equal(cut, 1, "the push reached the server over the socket");
    assert.equal(pushed.sent, 4);
    assert.equal(pushed.retry_after_ms, undefined);
    assert.equal(seen.http, 2, "the cut push went again over HTTP");
    assert.equal((await readRecords(page, "outbox")).length, 0);

    const second = await openApp(other.context, server.url, "/settings");
    await tools(second, "sign_in", "zhaoliu", "rep-secret-1", "赵六的笔记本");
    await tools(second, "sync_now");
    const ids = (await readCards(second)).map((c) => c.id);
    const mine = ids.filter((id) => parseInt(id.slice(-12), 16) >= 200);
    assert.deepEqual(mine.length, 4, "each card of the cut push once");
    assert.equal(new Set(ids).size, ids.length);
  } finally {
    await phone.close();
    await other.close();
  }
});
