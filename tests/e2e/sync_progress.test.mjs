// While a sync goes on, the start screen shows a progress bar — items
// answered of those waiting, then photo bytes sent — and a card's state reads
// "sending". The server's answers are held back by the test (not slowed by
// sleeps) so each stage can be seen, then let through.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, screenshotBoth, createCard, createAccounts, fixture, signIn } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  await createAccounts(server, [["sunqi", "孙七"]]);
});
after(async () => {
  await server?.stop();
});

/** A gate: requests matching `pattern` wait until `open()`; `reached` resolves when the first one arrives. */
async function gate(page, pattern) {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  let reached;
  const arrived = new Promise((resolve) => (reached = resolve));
  await page.route(pattern, async (route) => {
    reached();
    await opened;
    await route.continue();
  });
  return { arrived, open: () => open() };
}

test("a sync shows its progress: items answered, then photo bytes, and the card reads as sending", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    await signIn(page, server, "sunqi", "孙七的手机");
    await page.goto(server.url + "/");
    await page.getByTestId("sync-count").getByText("全部已同步").waitFor();

    // Offline: two cards, the second with a photo (three items: two cards and a photo's description).
    await phone.context.setOffline(true);
    await page.goto(server.url + "/");
    await createCard(page, { content: "村里的自来水压力不足", place: "东坡村" });
    await page.getByTestId("new-card").click();
    await page.locator("#content").fill("小学门口需要减速带");
    await page.locator("#category").selectOption("urban_construction");
    await page.locator("#place").fill("东坡村小学");
    await page.getByTestId("photo-gallery").setInputFiles(fixture("photo-plain.jpg"));
    await page.getByTestId("photos").getByTestId("photo").first().waitFor();
    await page.getByTestId("save").click();
    await page.getByTestId("cards").getByText("小学门口需要减速带").waitFor();
    await page.getByTestId("sync-count").getByText("3 项待同步").waitFor();

    // The sync's request is held at the server's door: nothing answered yet.
    const push = await gate(page, "**/api/v1/sync");
    const upload = await gate(page, (url) => url.pathname.endsWith("/upload") && url.search.includes("offset="));
    await page.getByTestId("cards").getByText("小学门口需要减速带").click();
    await page.getByTestId("sync-state").getByText("待同步").waitFor();
    await phone.context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await push.arrived;
    await page.getByTestId("sync-state").getByText("正在发送…").waitFor();
    // Back to the start screen (within the app): the bar.
    await page.locator("a.brand").click();
    await page.getByTestId("sync-progress").getByText("已发送 0/3 项").waitFor();
    assert.equal(await page.getByTestId("sync-progress").locator("progress").evaluate((p) => p.value), 0);
    await screenshotBoth(page, "83-sync-progress-items");

    // The answers come: the items are done; the photo's first piece waits.
    push.open();
    await upload.arrived;
    await page.getByTestId("sync-progress").getByText(/^已发送 3\/3 项 照片 0 KB\/[1-9]\d* KB$/).waitFor();
    // Items done, bytes not yet: half the bar.
    assert.equal(await page.getByTestId("sync-progress").locator("progress").evaluate((p) => p.value), 0.5);
    await screenshotBoth(page, "84-sync-progress-photo");
    upload.open();
    await page.getByTestId("sync-progress").waitFor({ state: "hidden" });
    await page.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await page.getByTestId("cards").getByText("小学门口需要减速带").click();
    await page.waitForFunction(() => /^服务器已收到（[^）]+）$/.test(document.querySelector("[data-testid=sync-state]")?.textContent ?? ""));
  } finally {
    await phone.close();
  }
});
