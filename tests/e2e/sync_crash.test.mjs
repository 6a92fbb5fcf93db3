// The worst moments for a card: the server killed (SIGKILL) while a phone's
// push is in flight, its answer lost. After a restart the phone syncs again:
// every card is on the server exactly once, and nothing is left waiting —
// with the push on HTTP, and on the sync socket.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, readRecords, createAccounts, seedCards, readCards } from "./helpers.mjs";

// More than two portions of the outbox (2,000 entries, `PORTION` in
// app/src/storage/sync_start.rs): the sync after the restart still has more
// than a portion to send (the cut one answered only its first push, 256 KiB),
// reads the rest while its first pushes travel, and must leave nothing waiting.
const CARDS = 4500;
let server;

before(async () => {
  server = await startServer();
  await createAccounts(server, [["wangwu", "王五"]]);
});
after(async () => {
  await server?.stop();
});

const tools = (page, call, ...args) => page.evaluate(([call, args]) => window.__liaisonTools().then((t) => t[call](...args)), [call, args]);

/**
 * Routes the page's sync so that, once armed, the server is killed as the
 * second push reaches it, over `way` ("http", with the socket refused from
 * the start, or "socket"). Answers `{arm, killed}`.
 */
async function cutSecondPush(page, way) {
  let pushes = 0;
  let killed = false;
  let armed = false;
  if (way === "http") {
    await page.routeWebSocket("**/api/v1/sync/socket", (ws) => ws.close({ code: 1011, reason: "refused" }));
    await page.route("**/api/v1/sync", async (route) => {
      if (!armed) return route.continue();
      pushes += 1;
      if (pushes !== 2) return route.continue();
      const reached = route.fetch().catch(() => null);
      await server.kill9();
      killed = true;
      await reached;
      await route.abort("connectionreset");
    });
  } else {
    await page.routeWebSocket("**/api/v1/sync/socket", (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage(async (message) => {
        upstream.send(message);
        if (!armed || !String(message).includes('"push":[{')) return;
        pushes += 1;
        if (pushes !== 2) return;
        upstream.onMessage(() => {});
        await server.kill9();
        killed = true;
        ws.close({ code: 4000, reason: "the server died" });
      });
    });
  }
  return { arm: () => (armed = true), killed: () => killed };
}

for (const way of ["http", "socket"]) {
  test(`the server killed during a push over ${way}, its answer lost: after a restart nothing is lost or doubled`, async () => {
    const phone = await launch();
    const other = await launch();
    try {
      const page = await openApp(phone.context, server.url, "/settings");
      const cutting = await cutSecondPush(page, way);
      await tools(page, "sign_in", "wangwu", "rep-secret-1", `王五的手机 (${way})`);
      await tools(page, "sync_now"); // the first sync learns the cursor (and opens the socket)
      const before = (await readCards(page)).length;
      await seedCards(page, { from: way === "http" ? 0 : CARDS, count: CARDS, collectedBy: "王五" });

      // The second push reaches the server; it is killed at once and
      // its answer never reaches the phone.
      cutting.arm();
      const cut = await tools(page, "sync_now");
      assert.ok(cutting.killed(), "the server was killed during the push");
      assert.ok(cut.retry_after_ms > 0, "the phone will try again");
      const waiting = (await readRecords(page, "outbox")).length;
      assert.ok(waiting > 0 && waiting < CARDS, `some answered, some waiting (${waiting})`);
      assert.ok(waiting > 2000, `more than a portion waits, so the next sync reads in portions (${waiting})`);
      await page.unrouteAll();

      await server.restart();
      const done = await tools(page, "sync_now");
      assert.equal(done.retry_after_ms, undefined);
      assert.equal((await readRecords(page, "outbox")).length, 0, "nothing left waiting");
      assert.equal((await readCards(page)).length, before + CARDS);

      // What the server holds, seen from the same person's second phone: each card once.
      const second = await openApp(other.context, server.url, "/settings");
      await tools(second, "sign_in", "wangwu", "rep-secret-1", `王五的平板 (${way})`);
      await tools(second, "sync_now");
      const cards = await readCards(second);
      assert.equal(cards.length, before + CARDS);
      assert.equal(new Set(cards.map((c) => c.id)).size, before + CARDS);
    } finally {
      await phone.close();
      await other.close();
    }
  });
}
