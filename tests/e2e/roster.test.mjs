// Contacts from a roster spreadsheet, offline at 360x740: an Excel file (with a
// title row, a phone stored as a number, bad rows and a duplicate) and a CSV
// saved as GB18030 by Excel on Chinese Windows. Good rows are kept, bad rows
// reported by their row number, nothing doubled on a second import.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, screenshotBoth, readRecords, fixture } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test("a roster is imported offline: good rows kept, bad rows reported by row number, nothing doubled", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/contacts");
    await phone.context.setOffline(true);
    await page.reload();
    await page.locator("#contact-filter").waitFor();

    await page.getByTestId("roster-file").setInputFiles(fixture("roster.xlsx"));
    const report = page.getByTestId("roster-report");
    await report.getByText("读取 6 行").waitFor();
    const problems = await page.getByTestId("roster-problems").locator("li").allTextContents();
    assert.equal(problems.length, 3, problems.join("\n"));
    assert.match(problems[0], /^第 5 行：/);
    assert.match(problems[1], /^第 6 行：.*张三/);
    assert.match(problems[2], /^第 7 行：/);
    await screenshotBoth(page, "33-roster-imported");

    const contacts = await readRecords(page, "contacts");
    const byName = Object.fromEntries(contacts.map((c) => [c.name, c]));
    assert.deepEqual(Object.keys(byName).sort(), ["张三", "李四", "赵六"].sort());
    assert.equal(byName["张三"].kind, "member");
    assert.deepEqual(byName["张三"].tags.sort(), ["entrepreneur", "veteran"]);
    assert.equal(byName["张三"].organisation, "城关镇农业服务中心");
    assert.equal(byName["赵六"].phone, "13912345678", "a phone stored as a number keeps its 11 digits");
    assert.equal(byName["李四"].kind, "public");
    await page.locator("#contact-filter").fill("zl");
    await page.getByTestId("contacts").getByText("赵六").waitFor();

    // The same file again: every row is now a duplicate; nothing doubles.
    await page.getByTestId("roster-file").setInputFiles(fixture("roster.xlsx"));
    await page.getByTestId("roster-problems").locator("li").nth(5).waitFor();
    assert.equal((await readRecords(page, "contacts")).length, 3);

    // A CSV in GB18030, as Excel on Chinese Windows saves it.
    await page.getByTestId("roster-file").setInputFiles(fixture("roster-gb18030.csv"));
    await page.getByTestId("roster-problems").getByText(/^第 3 行：/).waitFor();
    const names = (await readRecords(page, "contacts")).map((c) => c.name);
    assert.ok(names.includes("钱七"), names.join(","));
    assert.equal(names.length, 4);

    // Not a roster at all: refused as a whole, in Chinese, nothing added.
    await page.getByTestId("roster-file").setInputFiles(fixture("photo-plain.jpg"));
    await page.getByTestId("roster-report").locator("p").first().waitFor();
    await page.waitForFunction(() => !document.querySelector("[data-testid=roster-problems] li"));
    assert.match(await page.getByTestId("roster-report").locator("p").first().textContent(), /[\u4e00-\u9fff]/);
    assert.equal((await readRecords(page, "contacts")).length, 4);
    await screenshotBoth(page, "34-roster-refused");
  } finally {
    await phone.close();
  }
});
