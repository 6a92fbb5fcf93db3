// Documents a representative submitted (建议与报告): a proposal recorded on
// the phone with no network counts toward this year's duties at once; a bad
// form is refused field by field and loses nothing typed; after sync the
// record is marked synced, reaches the same person's other phone (and counts
// there too) and the office's dashboard, whose drill-down lists it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDemoServer, launch, openApp, screenshotBoth, signIn, DESKTOP } from "./helpers.mjs";

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

/** The phone's line for `code`: [done, required]. */
async function phoneLine(page, code) {
  const count = page.getByTestId("duties").locator(`[data-duty=${code}] .meta .count`);
  await count.waitFor();
  return (await count.textContent()).split(" / ").map(Number);
}

/** Today in China, as the date input takes it. */
function chinaToday(offsetDays = 0) {
  const t = new Date(Date.now() + 8 * 3600 * 1000 + offsetDays * 86400 * 1000);
  return t.toISOString().slice(0, 10);
}

test("a proposal recorded offline counts at once, syncs to the other phone and to the office's dashboard", async () => {
  const phone = await launch();
  const other = await launch();
  const office = await launch({ viewport: DESKTOP });
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的手机");
    await p.goto(server.url + "/");
    await phone.context.setOffline(true);
    await p.reload();
    await p.getByTestId("network").getByText("离线").waitFor();
    const [before, required] = await phoneLine(p, "proposals");
    assert.equal(before, 0);

    // From the start screen to the form, offline.
    await p.getByTestId("documents-link").click();
    const form = p.getByTestId("document-form");
    await form.waitFor();
    // Nothing chosen, no title, a day after today: every problem at once.
    await p.locator("#document-on").fill(chinaToday(2));
    await p.getByTestId("save-document").click();
    await p.getByTestId("error-document-kind").getByText("必填").waitFor();
    await p.getByTestId("error-document-title").getByText("必填").waitFor();
    assert.notEqual(await p.getByTestId("error-document-on").textContent(), "");
    await screenshotBoth(p, "documents-refused");
    // Put right; what was typed is still there.
    await p.locator("#document-kind").selectOption("proposal");
    await p.locator("#document-title").fill("关于增设村口公交站点的建议");
    await p.locator("#document-on").fill(chinaToday());
    await p.locator("#document-to").fill("县委组织部");
    await p.locator("#document-summary").fill("村民出行不便，建议在村口增设公交站点。");
    await p.getByTestId("save-document").click();
    await p.getByTestId("document-saved").waitFor();
    const listed = p.getByTestId("documents").locator("li");
    await listed.first().getByText("关于增设村口公交站点的建议").waitFor();
    assert.equal(await listed.first().getByTestId("document-state").textContent(), "待同步");
    assert.equal(await p.locator("#document-title").inputValue(), "", "the form is ready for the next one");
    await screenshotBoth(p, "documents");

    // The start screen counts it at once, offline; a reload keeps it.
    await p.goto(server.url + "/");
    await p.getByTestId("duties").locator(`[data-duty=proposals] progress[value='1']`).waitFor();
    assert.deepEqual(await phoneLine(p, "proposals"), [1, required]);
    await p.reload();
    assert.deepEqual(await phoneLine(p, "proposals"), [1, required]);

    // Online: it syncs and says so.
    await phone.context.setOffline(false);
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await p.goto(server.url + "/documents");
    await p.getByTestId("documents").locator("li").first().getByTestId("document-state").getByText("已同步").waitFor();

    // Her other phone receives it, and counts it.
    const q = await openApp(other.context, server.url);
    await signIn(q, server, "lihong", "李红的平板");
    await q.goto(server.url + "/");
    await q.getByTestId("sync-now").click();
    await q.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await q.goto(server.url + "/documents");
    await q.getByTestId("documents").getByText("关于增设村口公交站点的建议").waitFor();
    await q.goto(server.url + "/");
    assert.deepEqual(await phoneLine(q, "proposals"), [1, required]);

    // The office: the same number, and the drill-down names it.
    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-duties").locator("summary").click();
    const cell = o.getByTestId("desk-duties-table").locator("tr", { hasText: "李红" }).locator("td[data-duty=proposals]");
    await cell.waitFor();
    assert.equal(await cell.textContent(), `1/${required}`);
    await o.getByTestId("desk-duties-table").getByRole("button", { name: "李红" }).click();
    const documents = o.getByTestId("desk-duty-detail").getByTestId("desk-duty-documents");
    await documents.waitFor();
    assert.match(await documents.textContent(), new RegExp(`${chinaToday()} 意见建议`));
    await screenshotBoth(o, "desk-duty-documents");
    // The studios this quarter: the demo's two, their reception days, none held yet.
    const studios = o.getByTestId("desk-studio-days");
    await studios.locator("tr[data-studio='城关镇党代表工作室']").waitFor();
    assert.equal(await studios.locator("tbody tr").count(), 2);
    assert.match(await studios.locator("tr[data-studio='城关镇党代表工作室'] [data-testid=studio-held]").textContent(), /^0\/\d+$/);
  } finally {
    await phone.close();
    await other.close();
    await office.close();
  }
});
