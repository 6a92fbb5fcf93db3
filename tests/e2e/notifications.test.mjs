// Reminders as notifications while the app is closed: the office publishes a
// reception day for tomorrow; the representative's phone syncs, its start
// screen says it; she turns on reminder notifications in the settings; with
// no page of the app open, the browser wakes the service worker (a periodic
// sync, as Chromium does for an installed app) and it shows the reminder —
// once, however often it is woken.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemoServer, launch, openApp, api, apiToken, screenshotBoth, signIn, serviceWorkerRegistration } from "./helpers.mjs";

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

/** A day in China time, `offset` days from today, as `2026-12-08`. */
function chinaDay(offset) {
  return new Date(Date.now() + 8 * 3600 * 1000 + offset * 86400 * 1000).toISOString().slice(0, 10);
}

/** The notifications the service worker shows now. */
function shown(page) {
  return page.evaluate(async () =>
    (await (await navigator.serviceWorker.ready).getNotifications()).map((n) => ({ title: n.title, body: n.body, tag: n.tag })),
  );
}

test("a reception day tomorrow is shown as a notification while the app is closed, once", async () => {
  // The office publishes tomorrow as a reception day of the studio, with a theme.
  const studio = (await api(server, "/api/v1/studios", { token: office })).body[0];
  const tomorrow = chinaDay(1);
  const path = `/api/v1/studios/${studio.id}/schedules/${tomorrow.slice(0, 7)}`;
  const draft = await api(server, path, { token: office });
  const edited = await api(server, path, {
    method: "PUT",
    token: office,
    body: { version: draft.body.version, dates: [tomorrow], theme: "就业创业" },
  });
  assert.equal(edited.status, 200, JSON.stringify(edited.body));
  const published = await api(server, `${path}/publish`, { method: "POST", token: office, body: { version: edited.body.version } });
  assert.equal(published.status, 200, JSON.stringify(published.body));

  const phone = await launch();
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的手机");
    await p.goto(server.url + "/");
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    const said = `明天是${studio.name}的接待日，本月接访专题：就业创业。`;
    // The schedules come with the sync; the start screen says the day when it counts again.
    await p.reload();
    await p.getByTestId("duty-reminders").getByText(said).waitFor();

    // Settings: not asked yet; the user turns notifications on (the browser
    // allows them, and lets this app run in the background).
    await p.goto(server.url + "/settings");
    await p.getByTestId("notify-enable").waitFor();
    const cdp = await phone.context.newCDPSession(p);
    await cdp.send("Browser.grantPermissions", {
      origin: server.url,
      permissions: ["notifications", "periodicBackgroundSync"],
    });
    await p.getByTestId("notify-enable").click();
    await p.getByTestId("notify-state").getByText("提醒通知已开启。").waitFor();
    assert.equal(await p.getByTestId("notify-enable").isVisible(), false);
    await screenshotBoth(p, "settings-notifications");
    assert.deepEqual(await shown(p), [], "nothing shown while the app is open");

    // The app closed: no page of it left. The browser wakes the service worker.
    const registrationId = await serviceWorkerRegistration(cdp, server);
    await p.goto("about:blank");
    const wake = () =>
      cdp.send("ServiceWorker.dispatchPeriodicSyncEvent", { origin: server.url, registrationId, tag: "liaison-reminders" });
    await wake();

    const q = await phone.context.newPage();
    await q.goto(server.url + "/");
    await q.waitForFunction(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length > 0);
    const first = await shown(q);
    const ours = first.filter((n) => n.body === said);
    assert.equal(ours.length, 1, JSON.stringify(first));
    assert.equal(ours[0].title, "履职提醒");
    assert.equal(ours[0].tag, `reception:${studio.name}:${tomorrow}`);

    // Woken again: the reminder already shown is not shown again.
    await q.evaluate(async () => (await (await navigator.serviceWorker.ready).getNotifications()).forEach((n) => n.close()));
    await q.waitForFunction(async () => (await (await navigator.serviceWorker.ready).getNotifications()).length === 0);
    const setting = (key) =>
      q.evaluate(
        (key) =>
          new Promise((done) => {
            const open = indexedDB.open("liaison");
            open.onsuccess = () => {
              const get = open.result.transaction("settings").objectStore("settings").get(key);
              get.onsuccess = () => done(get.result ?? null);
            };
          }),
        key,
      );
    const looked = await setting("reminders_checked_at");
    assert.ok(looked, "the service worker notes when it looked");
    await wake();
    await q.waitForFunction(
      (before) =>
        new Promise((done) => {
          const open = indexedDB.open("liaison");
          open.onsuccess = () => {
            const get = open.result.transaction("settings").objectStore("settings").get("reminders_checked_at");
            get.onsuccess = () => done(get.result !== before);
          };
        }),
      looked,
    );
    const kept = await setting("reminders_shown");
    assert.ok(kept.includes(`reception:${studio.name}:${tomorrow}`), JSON.stringify(kept));
    assert.deepEqual((await shown(q)).filter((n) => n.body === said), [], "once");
  } finally {
    await phone.close();
  }
});
