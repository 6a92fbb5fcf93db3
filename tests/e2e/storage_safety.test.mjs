// Nothing is lost when the device is full, and everything on a phone can be
// exported to a file and imported on another phone (the round trip), offline.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, openApp, screenshotBoth, countRecords, readRecords, createCard, tempDir } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

async function fillReception(page, topic) {
  await page.getByTestId("new-reception").click();
  await page.locator("#venue").fill("幸福村村委会");
  await page.locator("#representatives").fill("王建国");
  await page.locator("#walk-in-name").fill("赵六");
  await page.getByTestId("add-walk-in").click();
  await page.locator("#topic").fill(topic);
  await page.locator("#summary").fill("居民反映的问题");
  await page.getByTestId("add-opinion").click();
  await page.locator("#opinion-0-content").fill("希望加装电梯");
  await page.getByTestId("opinion-0").locator("select.category").selectOption("urban_construction");
}

test("export all data to a file, import it on another phone: the same cards, nothing doubled", async () => {
  const dir = tempDir("export");
  const first = await launch();
  let exported;
  try {
    const page = await openApp(first.context, server.url);
    await first.context.setOffline(true);
    await createCard(page, { content: "村口路灯坏了", place: "城关镇" });
    await fillReception(page, "老旧小区改造");
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    await page.getByTestId("nav-contacts").click();
    await page.locator("#contact-name").fill("张三");
    await page.getByTestId("save-contact").click();
    await page.getByTestId("contacts").getByText("张三").waitFor();

    await page.getByTestId("nav-settings").click();
    await page.getByTestId("storage-usage").getByText("已用").waitFor();
    await screenshotBoth(page, "30-settings");
    const download = page.waitForEvent("download");
    await page.getByTestId("export").click();
    exported = join(dir, (await download).suggestedFilename());
    await (await download).saveAs(exported);
    const file = JSON.parse(readFileSync(exported, "utf8"));
    assert.equal(file.format, "liaison-export");
    assert.equal(file.v, 4);
    assert.equal(file.opinion_cards.length, 2);
    assert.equal(file.reception_cards.length, 1);
    assert.equal(file.contacts.length, 1);
  } finally {
    await first.close();
  }

  const second = await launch();
  try {
    const page = await openApp(second.context, server.url, "/settings");
    await second.context.setOffline(true);
    await page.locator("#import-file").setInputFiles(exported);
    await page.getByTestId("import-message").getByText("导入完成:新增 4 条,本机已有 0 条,无法识别 0 条。").waitFor();
    assert.equal(await countRecords(page, "opinion_cards"), 2);
    assert.equal(await countRecords(page, "reception_cards"), 1);
    assert.equal(await countRecords(page, "contacts"), 1);
    await screenshotBoth(page, "31-settings-imported");

    // Importing the same file again adds nothing and overwrites nothing.
    await page.locator("#import-file").setInputFiles(exported);
    await page.getByTestId("import-message").getByText("新增 0 条,本机已有 4 条").waitFor();
    assert.equal(await countRecords(page, "opinion_cards"), 2);

    // A file that is not an export is refused, in Chinese, and changes nothing.
    const bogus = join(dir, "bogus.json");
    writeFileSync(bogus, JSON.stringify({ hello: "world" }));
    await page.locator("#import-file").setInputFiles(bogus);
    await page.getByTestId("import-message").getByText("这个文件不是联络导出的数据文件").waitFor();
    assert.equal(await countRecords(page, "opinion_cards"), 2);

    await page.goto(server.url + "/");
    await page.getByTestId("receptions").getByText("老旧小区改造").waitFor();
    await page.getByTestId("cards").getByText("村口路灯坏了").waitFor();
  } finally {
    await second.close();
  }
});

/**
 * While `full`, every IndexedDB write of the page fails as on a full disk:
 * its transaction aborts and reports a QuotaExceededError.
 */
async function fillTheDisk(page, full) {
  await page.evaluate((full) => {
    if (!window.__realAdd) {
      window.__realAdd = IDBObjectStore.prototype.add;
      window.__realPut = IDBObjectStore.prototype.put;
      const failing = (real) =>
        function (...args) {
          if (window.__diskFull) {
            const error = new DOMException("The quota has been exceeded.", "QuotaExceededError");
            Object.defineProperty(this.transaction, "error", { get: () => error });
            this.transaction.abort();
          }
          return real.apply(this, args);
        };
      IDBObjectStore.prototype.add = failing(window.__realAdd);
      IDBObjectStore.prototype.put = failing(window.__realPut);
    }
    window.__diskFull = full;
  }, full);
}

test("when the device is full, the card stays in the form and can be downloaded as a file", async () => {
  const { context, close } = await launch();
  try {
    const page = await openApp(context, server.url);
    await context.setOffline(true);
    await fillReception(page, "存储已满时的记录");
    await page.locator("#summary").fill("居民反映的问题" + "很长的内容".repeat(200));
    // Shrink this origin's quota below what it already uses: the next write
    // fails. (At exactly the usage, a write on a busy machine sometimes fitted:
    // the estimate is cached and the draft's own bytes are freed by the same
    // transaction.)
    const cdp = await context.newCDPSession(page);
    const usage = await page.evaluate(() => navigator.storage.estimate().then((e) => e.usage));
    const quota = Math.floor(usage / 2);
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url, quotaSize: quota });
    // Chromium 148 accepts the override and ignores it (the quota it reports
    // and enforces stays 10 GiB). Then the disk is made full the only way
    // left: the browser's own IndexedDB fails the next write as a full disk
    // does — its transaction aborted with a QuotaExceededError — and the app
    // must handle that exactly as it would the real thing.
    const overridden = await page.evaluate((quota) => navigator.storage.estimate().then((e) => e.quota <= quota), quota);
    if (!overridden) await fillTheDisk(page, true);
    await page.getByTestId("submit").click();
    await page.getByTestId("form-failure").getByText("本机存储空间已满").waitFor();
    assert.equal(await page.locator("#topic").inputValue(), "存储已满时的记录", "the card is still in the form");
    assert.equal(await countRecords(page, "reception_cards"), 0);
    await screenshotBoth(page, "32-storage-full");

    const download = page.waitForEvent("download");
    await page.getByTestId("download-card").click();
    const path = join(tempDir("card"), "card.json");
    await (await download).saveAs(path);
    const card = JSON.parse(readFileSync(path, "utf8"));
    assert.equal(card.topic, "存储已满时的记录");
    assert.equal(card.opinions[0].content, "希望加装电梯");

    // Space again: submitting now works, and nothing was doubled.
    await cdp.send("Storage.overrideQuotaForOrigin", { origin: server.url });
    if (!overridden) await fillTheDisk(page, false);
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    assert.equal((await readRecords(page, "reception_cards")).length, 1);
    assert.equal(await countRecords(page, "opinion_cards"), 1);
  } finally {
    await close();
  }
});
