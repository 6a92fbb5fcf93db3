// Background Sync: a card saved offline reaches the server after the app was
// closed. The phone registers the one-off sync "liaison-sync" when it saves
// for the server; with no page of the app open, the browser wakes the
// service worker once the network is back, and the worker runs the tools
// module's own sync. When the server cannot be reached, that sync fails and
// the card waits (the browser tries again later); then it arrives, once, and
// not while another sync of the phone holds the Web Lock "liaison-sync".
//
// Chromium never fires a sync at a worker whose network is (emulated) offline,
// not even through CDP: the failing sync is the one the browser fires by
// itself when the network comes back while the server is down.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startDemoServer,
  launch,
  openApp,
  api,
  apiToken,
  createCard,
  readRecords,
  signIn,
  serviceWorkerRegistration,
} from "./helpers.mjs";

let server;
let office;
before(async () => {
  ({ server } = await startDemoServer([
    ["lihong", "李红", "representative"],
    ["office", "联络办", "office"],
  ]));
  office = await apiToken(server, "office", "办公室电脑");
});
after(async () => {
  await server?.stop();
});

/** The matters the office sees whose card says `content`. */
async function mattersSaying(content) {
  const list = await api(server, "/api/v1/matters?limit=100", { token: office });
  assert.equal(list.status, 200, JSON.stringify(list.body));
  return list.body.items.filter((m) => m.opinions.some((o) => o.content === content));
}

test("a card saved offline reaches the server after the app was closed, when the browser wakes the service worker", async () => {
  const phone = await launch();
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的手机");
    await p.goto(server.url + "/");
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    // A page of no app, to drive the browser through CDP once the app is closed.
    const host = await phone.context.newPage();
    const cdp = await phone.context.newCDPSession(host);
    const registrationId = await serviceWorkerRegistration(cdp, server);
    /** What the service worker logs it did at its next sync ("done (worker)" …). */
    const outcome = async () =>
      (
        await phone.context.waitForEvent("console", {
          predicate: (m) => /^liaison-sync: \w+ \((worker|page)\)$/.test(m.text()),
        })
      )
        .text()
        .replace(/^liaison-sync: /, "");
    /** Wakes the service worker with the sync, as the browser does; resolves to what it did. */
    const wake = async () => {
      const logged = outcome();
      await cdp.send("ServiceWorker.dispatchSyncEvent", {
        origin: server.url,
        registrationId,
        tag: "liaison-sync",
        lastChance: false,
      });
      return logged;
    };

    /** The phone's outbox, read from a page of the origin that is not the app (/healthz). */
    const outbox = async () => {
      const probe = await phone.context.newPage();
      await probe.goto(server.url + "/healthz");
      const entries = await readRecords(probe, "outbox");
      await probe.close();
      return entries;
    };

    // Offline: the card is saved and waits; the phone asks for a background sync.
    const content = "桥头的护栏松动了，孩子上学要经过";
    await phone.context.setOffline(true);
    await createCard(p, { content, place: "幸福村桥头" });
    await p.getByTestId("sync-count").getByText("1 项待同步").waitFor();
    await p.waitForFunction(async () =>
      (await (await navigator.serviceWorker.ready).sync.getTags()).includes("liaison-sync"),
    );

    // The app closed: no page of it left (the browser and its service worker stay).
    await p.close();
    assert.deepEqual(
      phone.context.pages().map((page) => page.url()),
      ["about:blank"],
    );

    // The network comes back while the server is down: the browser wakes the
    // worker by itself; its sync fails, so the browser will try again later.
    await server.kill9();
    const failed = outcome();
    await phone.context.setOffline(false);
    assert.equal(await failed, "retry (worker)");
    await server.restart();
    assert.equal((await outbox()).length, 1, "the card still waits");
    assert.deepEqual(await mattersSaying(content), []);

    // The browser tries again (through CDP) while another sync of the phone
    // holds the lock (a tab's, say): the worker's waits for it, then sends
    // the card, once, though woken twice.
    const worker = phone.context.serviceWorkers().find((w) => w.url().startsWith(server.url));
    await worker.evaluate(() => {
      navigator.locks.request("liaison-sync", () => new Promise((release) => (self.releaseOtherSync = release)));
    });
    const woken = wake();
    await worker.evaluate(async () => {
      while ((await navigator.locks.query()).pending.length === 0) await new Promise((next) => setTimeout(next, 20));
    });
    assert.deepEqual(await mattersSaying(content), [], "nothing sent while the other sync runs");
    await worker.evaluate(() => self.releaseOtherSync());
    assert.equal(await woken, "done (worker)");
    assert.deepEqual(await outbox(), [], "sent by the service worker");
    const arrived = await mattersSaying(content);
    assert.equal(arrived.length, 1, JSON.stringify(arrived));
    assert.equal(arrived[0].collector.name, "李红");
    assert.equal(await wake(), "done (worker)");
    assert.equal((await mattersSaying(content)).length, 1);

    // The app opened again: the card is received by the server, the outbox empty.
    const q = await phone.context.newPage();
    await q.goto(server.url + "/");
    assert.equal((await readRecords(q, "outbox")).length, 0);
    await q.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await q.getByTestId("cards").getByText(content).click();
    await q.waitForFunction(() =>
      /^服务器已收到（[^）]+）$/.test(document.querySelector("[data-testid=sync-state]")?.textContent ?? ""),
    );
  } finally {
    await phone.close();
  }
});

test("with the app open, the woken service worker has the page sync, and its screen follows", async () => {
  const phone = await launch();
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的平板");
    await p.goto(server.url + "/");
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    const content = "村委会门口的路灯不亮";
    await phone.context.setOffline(true);
    await createCard(p, { content, place: "幸福村村委会" });
    await p.getByTestId("sync-count").getByText("1 项待同步").waitFor();
    await p.waitForFunction(async () =>
      (await (await navigator.serviceWorker.ready).sync.getTags()).includes("liaison-sync"),
    );

    // Back online, the browser wakes the worker; the page open is the one that syncs.
    const synced = phone.context.waitForEvent("console", { predicate: (m) => /^liaison-sync: /.test(m.text()) });
    await phone.context.setOffline(false);
    assert.equal((await synced).text(), "liaison-sync: done (page)");
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    assert.equal((await mattersSaying(content)).length, 1);
  } finally {
    await phone.close();
  }
});
