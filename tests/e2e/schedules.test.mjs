// Studios' reception schedules (接待日程) against the real server: the office
// opens next month's schedule of a studio, prefilled from its recurring days
// (the 10th and the 20th), gives it a theme and publishes it; moving a
// published day without a reason is refused in words, with a reason it is
// saved and logged. The representative's phone syncs, goes offline, and on
// the 9th of that month its start screen says the coming reception day
// (the moved one) with its studio and theme.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemoServer, launch, openApp, api, screenshotBoth, signIn, DESKTOP } from "./helpers.mjs";

let server;
before(async () => {
  ({ server } = await startDemoServer([
    ["lihong", "李红", "representative"],
    ["office", "联络办", "office"],
  ]));
});
after(async () => {
  await server?.stop();
});

/** Next month in China time, as `2027-01`. */
function nextMonth() {
  const china = new Date(Date.now() + 8 * 3600 * 1000);
  const next = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() + 1, 1));
  return `${next.getUTCFullYear()}-${String(next.getUTCMonth() + 1).padStart(2, "0")}`;
}

test("an office publishes a month's schedule, moves a day with a reason, and the phone reminds of it offline", async () => {
  const office = await launch({ viewport: DESKTOP });
  const phone = await launch();
  const month = nextMonth();
  const day = (d) => `${month}-${String(d).padStart(2, "0")}`;
  try {
    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    const panel = o.getByTestId("desk-schedules");
    await panel.locator("summary").click();
    await panel.getByTestId("sched-state").getByText("城关镇党代表工作室").waitFor();
    assert.equal(await panel.getByTestId("sched-month").inputValue(), month, "next month by default");
    await panel.getByTestId("sched-prefilled").getByText("每月 10、20 日").waitFor();
    const dates = panel.getByTestId("sched-date");
    assert.equal(await dates.count(), 2);
    assert.deepEqual([await dates.nth(0).inputValue(), await dates.nth(1).inputValue()], [day(10), day(20)]);
    await panel.locator("#sched-theme").fill("就业创业");
    await screenshotBoth(o, "desk-schedules-draft");

    // Published: the days are frozen, each movable with a reason.
    await panel.getByTestId("sched-publish").click();
    await panel.getByTestId("sched-notice").getByText("日程已公布。").waitFor();
    await panel.getByTestId("sched-published").waitFor();
    await panel.getByTestId("sched-state").getByText("已于").waitFor();
    assert.equal(await panel.getByTestId("sched-publish").isVisible(), false, "no free editing once published");
    assert.equal(await panel.getByTestId("sched-date").first().isVisible(), false);
    await panel.getByTestId("sched-theme-shown").getByText("本月接访专题：就业创业").waitFor();

    // Moving the 10th without a reason: refused, in words.
    await panel.locator(`li[data-date="${day(10)}"]`).getByTestId("sched-change").click();
    await panel.getByTestId("sched-new-date").fill(day(11));
    await panel.getByTestId("sched-change-save").click();
    await panel.getByTestId("sched-move-problem").getByText("日程已公布，变更接待日期必须填写变更原因。").waitFor();
    assert.equal(await panel.getByTestId("sched-log-empty").count(), 1, "nothing logged");
    await screenshotBoth(o, "desk-schedules-refused");

    // With a reason: saved and logged, with who.
    await panel.locator("#sched-reason").fill("工作室停电检修");
    await panel.getByTestId("sched-change-save").click();
    await panel.getByTestId("sched-notice").getByText("接待日期已变更，并已记录。").waitFor();
    const log = panel.getByTestId("sched-log");
    await log.locator("tbody tr").first().waitFor();
    const row = await log.locator("tbody tr").first().textContent();
    assert.ok(row.includes(day(10)) && row.includes(day(11)) && row.includes("工作室停电检修") && row.includes("联络办"), row);
    await panel.locator(`li[data-date="${day(11)}"]`).waitFor();
    await screenshotBoth(o, "desk-schedules-log");

    // The representative's phone syncs, then goes offline.
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的手机");
    await p.goto(server.url + "/");
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await p.waitForFunction(
      () =>
        new Promise((done) => {
          const open = indexedDB.open("liaison");
          open.onsuccess = () => {
            const get = open.result.transaction("settings").objectStore("settings").get("reception_schedules");
            get.onsuccess = () => done(Boolean(get.result?.schedules?.length));
            get.onerror = () => done(false);
          };
          open.onerror = () => done(false);
        }),
    );
    // The 9th of that month, 10:00 in Beijing: the 11th (moved from the 10th) is in two days.
    await p.clock.setFixedTime(new Date(`${day(9)}T10:00:00+08:00`));
    // Offline for certain: the network cut and the server gone (the app
    // opens from the service worker's cache, the schedules from IndexedDB).
    await phone.context.setOffline(true);
    await server.stop();
    await p.reload();
    assert.equal(await p.evaluate(() => fetch("/api/v1/organisation").then(() => "reached", () => "unreachable")), "unreachable");
    const reminders = p.getByTestId("duty-reminders");
    await reminders.getByText("城关镇党代表工作室的接待日，本月接访专题：就业创业").waitFor();
    const said = await reminders.textContent();
    assert.ok(said.includes(`后天（${day(11)}）是城关镇党代表工作室的接待日，本月接访专题：就业创业。`), said);
    assert.ok(!said.includes(`明天是城关镇`), `the moved day is not said: ${said}`);
    await screenshotBoth(p, "phone-schedule-reminder");
  } finally {
    await phone.close();
    await office.close();
  }
});
