// The walking skeleton, as a representative uses it: capture an opinion card,
// lose the network, reload, and find the card; errors in Chinese; updates that
// keep what is being typed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import {
  startServer, launch, openApp, screenshot, screenshotBoth, countRecords, createCard, copyOfDist, DESKTOP,
} from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test("a card created online is still there offline after a reload, and deep links open offline", async () => {
  const { context, close } = await launch();
  try {
    const page = await openApp(context, server.url);
    await page.getByText("还没有收集卡").waitFor();
    await screenshotBoth(page, "01-home-empty");

    await page.getByTestId("new-card").click();
    await page.locator("#content").fill("村口的路灯坏了三个月,晚上出行不安全,希望尽快修好。");
    await page.locator("#category").selectOption("urban_construction");
    await page.locator("#place").fill("城关镇党代表工作室");
    await screenshotBoth(page, "02-form-filled");
    await page.getByTestId("save").click();
    await page.getByTestId("cards").getByText("村口的路灯坏了三个月").waitFor();
    assert.equal(await page.getByTestId("card-count").textContent(), "共 1 张");
    assert.equal(await countRecords(page, "opinion_cards"), 1);
    await screenshotBoth(page, "03-home-one-card");

    // Links and the back button move between screens without reloading the page.
    await page.evaluate(() => (window.__samePage = true));
    await page.getByTestId("new-card").click();
    await page.locator("#content").waitFor();
    await page.goBack();
    await page.getByTestId("cards").getByText("村口的路灯坏了三个月").waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true);

    await context.setOffline(true);
    await page.reload();
    await page.getByTestId("cards").getByText("村口的路灯坏了三个月").waitFor();
    assert.equal(await page.getByTestId("network").textContent(), "离线");
    assert.match(await page.locator(".card .tag").textContent(), /城乡建设/);
    await screenshotBoth(page, "04-home-offline");

    // A deep link typed or bookmarked while offline still opens the app.
    await page.goto(server.url + "/opinions/new");
    await page.locator("#content").waitFor();
    await page.goto(server.url + "/no/such/screen");
    await page.getByText("找不到这个页面").waitFor();
    await screenshot(page, "05-not-found");
  } finally {
    await close();
  }
});

test("empty and over-long fields show the Chinese error next to the field and save nothing", async () => {
  const { context, close } = await launch();
  try {
    const page = await openApp(context, server.url, "/opinions/new");
    await page.locator("#collected-at").fill("");
    await page.getByTestId("save").click();
    assert.equal(await page.getByTestId("error-content").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-category").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-place").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-collected-at").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("form-failure").textContent(), "请先改正标出的错误。");
    await screenshotBoth(page, "06-form-errors");

    await page.locator("#content").fill("长".repeat(2001));
    await page.locator("#category").selectOption("health");
    await page.locator("#place").fill("卫生院");
    await page.locator("#collected-at").fill("2099-01-01T10:00");
    await page.getByTestId("save").click();
    assert.equal(await page.getByTestId("error-content").textContent(), "不能超过 2000 个字。");
    assert.equal(await page.getByTestId("error-collected-at").textContent(), "时间不能晚于现在。");
    assert.equal(await page.getByTestId("error-place").isHidden(), true);
    assert.equal(await countRecords(page, "opinion_cards"), 0);
    await screenshot(page, "07-form-too-long");
  } finally {
    await close();
  }
});

test("the language switch changes every text and is remembered", async () => {
  const { context, close } = await launch();
  try {
    const page = await openApp(context, server.url);
    await page.getByRole("button", { name: "语言" }).click();
    await page.getByText("No opinion cards yet.").waitFor();
    assert.equal(await page.locator("html").getAttribute("lang"), "en");
    await page.reload();
    await page.getByText("No opinion cards yet.").waitFor();
    await page.getByTestId("new-card").click();
    await page.getByTestId("save").click();
    assert.equal(await page.getByTestId("error-content").textContent(), "This field is required.");
    await screenshotBoth(page, "08-form-errors-english");
  } finally {
    await close();
  }
});

test("a new deployment is announced, applied when the user agrees, and keeps the card being typed", async () => {
  const web = copyOfDist();
  const deployed = await startServer({ webDir: web });
  const { context, close } = await launch();
  try {
    const page = await openApp(context, deployed.url);
    await createCard(page, { content: "社区卫生服务站缺少儿科医生", category: "health", place: "幸福社区联系点" });
    await page.getByTestId("new-card").click();
    await page.locator("#content").fill("正在输入的第二条意见");
    await page.locator("#place").fill("幸福社区");

    // Deploy a new version: a new service worker (the build id changes with any asset).
    const sw = join(web, "sw.js");
    writeFileSync(sw, readFileSync(sw, "utf8").replace(/const BUILD = "[^"]+"/, 'const BUILD = "new-deployment"'));
    rmSync(sw + ".br");
    rmSync(sw + ".gz");
    // What the app does every 30 minutes and when it comes back to the foreground.
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));

    const banner = page.getByTestId("update-banner");
    await banner.waitFor();
    assert.match(await banner.textContent(), /新版本已就绪/);
    // Nothing is applied until the user agrees: the form is untouched.
    assert.equal(await page.locator("#content").inputValue(), "正在输入的第二条意见");
    await screenshotBoth(page, "09-update-banner");

    const reloaded = page.waitForEvent("load");
    await banner.getByRole("button", { name: "更新" }).click();
    await reloaded;
    await page.waitForFunction(async () => (await caches.keys()).includes("liaison-shell-new-deployment"));
    await page.locator("#content").waitFor();
    assert.equal(await page.locator("#content").inputValue(), "正在输入的第二条意见");
    assert.equal(await page.locator("#place").inputValue(), "幸福社区");
    assert.equal(await page.getByTestId("update-banner").count(), 0);
    assert.equal(await countRecords(page, "opinion_cards"), 1);
    await page.goto(deployed.url + "/");
    await page.getByText("社区卫生服务站缺少儿科医生").waitFor();
  } finally {
    await close();
    await deployed.stop();
    rmSync(web, { recursive: true, force: true });
  }
});

test("desktop layout lists cards in two columns", async () => {
  const { context, close } = await launch({ viewport: DESKTOP });
  try {
    const page = await openApp(context, server.url);
    await createCard(page, { content: "老旧小区加装电梯进展缓慢", place: "东风街道联系点" });
    await createCard(page, { content: "希望增加公交班次", category: "other", place: "城关镇" });
    const boxes = await page.locator(".card").evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().top));
    assert.equal(boxes.length, 2);
    assert.equal(Math.round(boxes[0]), Math.round(boxes[1]), "two cards side by side");
    await screenshot(page, "10-home-desktop-two-cards");
  } finally {
    await close();
  }
});
