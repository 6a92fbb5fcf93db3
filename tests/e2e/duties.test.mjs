// Duties counted on the phone, offline: the start screen says what is still
// owed this quarter and this year, and a reception recorded offline moves it
// at once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, screenshotBoth } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** The duty line `code` on the start screen: its text and its bar. */
async function duty(page, code) {
  const line = page.getByTestId("duties").locator(`[data-duty=${code}]`);
  await line.waitFor();
  return {
    text: await line.locator(".duty-text").textContent(),
    done: Number(await line.locator("progress").getAttribute("value")),
    required: Number(await line.locator("progress").getAttribute("max")),
    status: await line.getAttribute("data-status"),
    due: await line.locator(".meta span").last().textContent(),
  };
}

test("a reception and an opinion recorded offline change what the phone says is still owed", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url);
    await phone.context.setOffline(true);
    await page.reload();
    await page.getByTestId("network").getByText("离线").waitFor();

    // Nothing recorded yet: the preset's two receptions a quarter are owed.
    const before = await duty(page, "receptions");
    assert.equal(before.text, "本季度还需接待 2 次");
    assert.deepEqual([before.done, before.required], [0, 2]);
    // Due on the quarter's last day (China time).
    const china = new Date(Date.now() + 8 * 3600_000);
    const lastMonth = Math.floor(china.getUTCMonth() / 3) * 3 + 3;
    const lastDay = new Date(Date.UTC(china.getUTCFullYear(), lastMonth, 0)).toISOString().slice(0, 10);
    assert.equal(before.due, `截止 ${lastDay}`);
    assert.equal((await duty(page, "contacts")).text, "本年度还需联系 5 名党员群众");
    assert.equal(await page.getByTestId("duties").locator("[data-duty=opinions_reported]").count(), 0, "no opinion to report yet");
    await screenshotBoth(page, "duties-empty");

    // A reception (接待) with one opinion, offline.
    await page.getByTestId("new-reception").click();
    await page.locator("#kind").selectOption("reception");
    await page.locator("#venue").fill("城关镇党代表工作室");
    await page.locator("#representatives").fill("王建国");
    await page.locator("#topic").fill("每月 10 日定点接待");
    await page.locator("#summary").fill("接待来访群众 3 人");
    await page.getByTestId("add-opinion").click();
    await page.locator("#opinion-0-content").fill("小区路灯不亮，晚上出行不便");
    await page.getByTestId("opinion-0").locator("select.category").selectOption("urban_construction");
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    await page.goto(server.url + "/");

    await page.getByTestId("duties").locator("[data-duty=receptions] progress[value='1']").waitFor();
    const after = await duty(page, "receptions");
    assert.equal(after.text, "本季度还需接待 1 次");
    assert.deepEqual([after.done, after.required], [1, 2]);
    // The opinion is not on the server yet (offline): it is owed, within 3 days.
    const report = await duty(page, "opinions_reported");
    assert.equal(report.text, "本年度还有 1 条意见待报送");
    assert.ok(["owed", "at_risk"].includes(report.status), report.status);

    // A second reception makes the quarter's receptions done.
    await page.getByTestId("new-reception").click();
    await page.locator("#kind").selectOption("reception");
    await page.locator("#venue").fill("城关镇党代表工作室");
    await page.locator("#representatives").fill("王建国");
    await page.locator("#topic").fill("每月 20 日定点接待");
    await page.locator("#summary").fill("接待来访群众 2 人");
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    await page.goto(server.url + "/");
    await page.getByTestId("duties").locator("[data-duty=receptions][data-status=done]").waitFor();
    const done = await duty(page, "receptions");
    assert.equal(done.text, "定点接待");
    assert.deepEqual([done.done, done.required], [2, 2]);
    await screenshotBoth(page, "duties-after-receptions");
  } finally {
    await phone.close();
  }
});
