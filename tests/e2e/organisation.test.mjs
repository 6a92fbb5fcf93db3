// The demo organisation: loaded into the server by `liaison demo`, onto the
// phone from settings, then offline its studios and liaison points are the
// venues to choose from on a reception card, its opinion categories (one of
// its own: 参政议政) are the ones cards choose from, and its contacts are the phone's.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, launch, openApp, screenshotBoth, readRecords, createCard, BIN } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

test("the demo organisation reaches the phone; offline, its studios and liaison points are the venues", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    assert.equal(await page.getByTestId("org-name").textContent(), "本机还没有组织数据。");

    // Nothing on the server yet: a clear message, nothing changed.
    await page.getByTestId("load-org").click();
    await page.getByTestId("org-message").getByText("服务器上还没有组织数据").waitFor();

    const out = execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8" });
    assert.match(out, /12 liaison points, 2 studios/);
    await page.getByTestId("load-org").click();
    await page.getByTestId("org-message").getByText("：12 个联系点、2 个党代表工作室、10 个意见类别，新增 30 位联系对象。").waitFor();
    assert.equal((await readRecords(page, "contacts")).length, 30);
    await screenshotBoth(page, "35-settings-org-loaded");

    // Loading again adds nothing.
    await page.getByTestId("load-org").click();
    await page.getByTestId("org-message").getByText("新增 0 位联系对象").waitFor();
    assert.equal((await readRecords(page, "contacts")).length, 30);

    // Offline, a reception card at a studio of the organisation.
    await phone.context.setOffline(true);
    await page.goto(server.url + "/");
    await page.getByTestId("new-reception").click();
    await page.locator("#venue-choice").selectOption({ label: "城关镇党代表工作室" });
    assert.equal(await page.locator("#venue").isVisible(), false, "a chosen studio needs no typing");
    await page.locator("#representatives").fill("王建国");
    await page.locator("#contact-search").fill("zs");
    await page.getByTestId("contact-matches").getByRole("button", { name: "张三" }).click();
    await page.locator("#topic").fill("接待日来访");
    await page.locator("#summary").fill("群众反映村道路灯问题。");
    await screenshotBoth(page, "36-reception-at-studio");
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    const [card] = await readRecords(page, "reception_cards");
    assert.equal(card.venue.type, "studio");
    assert.equal(card.venue.name, "城关镇党代表工作室");
    assert.match(card.venue.id, /^[0-9a-f-]{36}$/);

    // A liaison point, then back to a typed place.
    await page.goto(server.url + "/receptions/new");
    await page.locator("#venue-choice").selectOption({ label: "民进福建省南平市委员会" });
    await page.locator("#venue-choice").selectOption({ label: "其他地点（手动填写）" });
    assert.equal(await page.locator("#venue").isVisible(), true);

    // Offline, an opinion card in the organisation's own category, found by it.
    await page.goto(server.url + "/");
    await createCard(page, { content: "建议就社区养老开展专题调研", category: "political_participation", place: "城关镇" });
    const [opinion] = await readRecords(page, "opinion_cards");
    assert.equal(opinion.category, "political_participation");
    const listed = page.getByTestId("cards").locator("li", { hasText: "建议就社区养老开展专题调研" });
    assert.equal(await listed.locator(".tag").textContent(), "参政议政");
    await page.locator("#find-category").selectOption({ label: "参政议政" });
    await page.getByTestId("cards").getByText("建议就社区养老开展专题调研").waitFor();
    await page.locator("#find-category").selectOption({ label: "医疗卫生" });
    await page.getByTestId("cards").getByText("建议就社区养老开展专题调研").waitFor({ state: "detached" });
    await screenshotBoth(page, "37-filter-own-category");
  } finally {
    await phone.close();
  }
});
