// Which organisation is above which: the administrator puts the demo
// organisation under a city's (a loop is refused in words), the demo's office
// forwards an opinion upward — the form offers only the organisation above —
// and the city's office finds it in its inbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, openApp, createAccounts, createCard, api, screenshotBoth, BIN, DESKTOP, signIn, tempDir } from "./helpers.mjs";

const CITY = "01936f4e-8c2a-7b3d-9f10-00000c170001";
let server;
before(async () => {
  server = await startServer();
  const env = { ...process.env, LIAISON_DATABASE_URL: "" };
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env });
  // The city's organisation: the demo's reference data under another id and name, without its people.
  const demo = (await api(server, "/api/v1/organisation")).body;
  const city = { ...demo, id: CITY, name: "市委统战部（演示）", studios: [], liaison_points: [], representatives: [], contacts: [] };
  const file = join(tempDir("org"), "city.json");
  writeFileSync(file, JSON.stringify(city));
  execFileSync(BIN, ["org", "load", file, "--data-dir", server.dataDir], { encoding: "utf8", env });
  const admin = await createAccounts(server, []);
  for (const [login, name, role, organisation_id] of [
    ["zhangsan", "张三", "representative", demo.id],
    ["office", "联络办", "office", demo.id],
    ["city", "市联络办", "office", CITY],
  ]) {
    const made = await api(server, "/api/v1/admin/users", {
      method: "POST",
      token: admin,
      body: { login, name, role, organisation_id, password: "rep-secret-1" },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
});
after(async () => {
  await server?.stop();
});

test("the administrator sets the organisation above, and the office forwards a matter to it", async () => {
  const content = "跨区的公交线路停运，两个镇的群众出行困难";
  const desk = await launch({ viewport: DESKTOP });
  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  const city = await launch({ viewport: DESKTOP });
  try {
    // The administrator: the demo organisation goes under the city's.
    const a = await openApp(desk.context, server.url);
    await signIn(a, server, "admin", "管理员电脑", "admin-secret-1");
    await a.goto(server.url + "/admin");
    const demoId = (await api(server, "/api/v1/organisation")).body.id;
    const demoRow = a.getByTestId("admin-orgs").locator(`tr[data-org="${demoId}"]`);
    await demoRow.getByTestId("admin-parent").selectOption(CITY);
    await a.getByTestId("admin-message").getByText("已更新“民进中央学习实践活动领导小组（演示）”的上级组织。").waitFor();
    // The city under the demo organisation would be a loop: refused, and the row shows what is stored.
    const cityRow = a.getByTestId("admin-orgs").locator(`tr[data-org="${CITY}"]`);
    await cityRow.getByTestId("admin-parent").selectOption(demoId);
    await a.getByTestId("admin-message").getByText("这个上级组织在本组织之下，不能设为上级。").waitFor();
    await a.waitForFunction((id) => document.querySelector(`tr[data-org="${id}"] select`)?.value === "", CITY);
    assert.equal(await demoRow.getByTestId("admin-parent").inputValue(), CITY);
    await screenshotBoth(a, "admin-organisations");

    // The phone collects the opinion and syncs.
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "zhangsan", "张三的手机");
    await p.goto(server.url + "/");
    await createCard(p, { content, category: "urban_construction", place: "幸福村" });
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    // The city's office oversees it already; the demo's office forwards it, offered only the city.
    const c = await openApp(city.context, server.url);
    await signIn(c, server, "city", "市联络办电脑");
    await c.goto(server.url + "/desk");
    await c.getByTestId("desk-list").getByText(content).click();
    await c.getByTestId("desk-state").waitFor();
    assert.equal(await c.getByTestId("desk-actions").locator("button[data-action]").count(), 0, "it oversees, it does not act");

    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-list").getByText(content).click();
    await o.getByTestId("desk-state").waitFor();
    await o.getByTestId("desk-actions").locator("button[data-action=forward_upward]").click();
    const options = await o.getByTestId("desk-upper").locator("option").allTextContents();
    assert.deepEqual(options.slice(1), ["市委统战部（演示）"], "only the organisation above");
    await o.getByTestId("desk-upper").selectOption(CITY);
    await screenshotBoth(o, "desk-forward");
    await o.getByTestId("desk-send").click();
    await o.getByTestId("desk-notice").waitFor({ state: "visible" });
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-total").getByText("共 0 件").waitFor();

    // The city's office now handles it: its actions are offered.
    await c.goto(server.url + "/desk");
    await c.getByTestId("desk-list").getByText(content).click();
    await c.getByTestId("desk-actions").locator("button[data-action=triage]").waitFor();
    const timeline = await c.getByTestId("desk-timeline").locator("li").evaluateAll((items) => items.map((li) => li.dataset.action));
    assert.deepEqual(timeline, ["forward_upward"]);
  } finally {
    await desk.close();
    await phone.close();
    await office.close();
    await city.close();
  }
});
