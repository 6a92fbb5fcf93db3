// Possible duplicates on the handling desk: a representative's phone syncs
// two opinions about the same broken street lights and one about something
// else; the office finds the other by its place, then, opening the second,
// is shown the first (and not the other) and merges it in: one matter,
// raised by two.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, launch, openApp, createAccounts, createCard, api, screenshotBoth, BIN, DESKTOP, signIn } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  const admin = await createAccounts(server, []);
  const demo = (await api(server, "/api/v1/organisation")).body.id;
  for (const [login, name, role] of [["zhangsan", "张三", "representative"], ["office", "联络办", "office"]]) {
    const made = await api(server, "/api/v1/admin/users", {
      method: "POST",
      token: admin,
      body: { login, name, role, organisation_id: demo, password: "rep-secret-1" },
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
  }
});
after(async () => {
  await server?.stop();
});


test("the office is shown a duplicate and merges it into the first", async () => {
  const first = "幸福村村口的路灯坏了三个月，晚上出行很不安全";
  const second = "村口路灯坏了好几个月了，晚上走路不安全，希望修一下";
  const other = "学校门口早晚接送孩子时车辆拥堵严重";
  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "zhangsan", "张三的手机");
    await p.goto(server.url + "/");
    for (const content of [first, second]) await createCard(p, { content, place: "幸福村村口" });
    await createCard(p, { content: other, category: "education", place: "实验小学" });
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    // Filtered by where they were collected: one at the school, then all three again.
    await o.getByTestId("desk-total").getByText("共 3 件").waitFor();
    const place = o.getByTestId("desk-filter-place");
    await place.fill("实验小学");
    await place.dispatchEvent("change");
    await o.getByTestId("desk-total").getByText("共 1 件").waitFor();
    assert.deepEqual(await o.getByTestId("desk-list").locator(".content").allTextContents(), [other]);
    await place.fill("");
    await place.dispatchEvent("change");
    await o.getByTestId("desk-total").getByText("共 3 件").waitFor();
    // And by who collected them: the representative's three.
    await o.getByTestId("desk-filter-representative").selectOption({ label: "张三" });
    await o.getByTestId("desk-total").getByText("共 3 件").waitFor();
    await o.getByTestId("desk-filter-representative").selectOption("");
    await o.getByTestId("desk-list").getByText(second).click();
    await o.getByTestId("similar-item").first().waitFor();
    const shown = await o.getByTestId("similar-item").locator(".content").allTextContents();
    assert.deepEqual(shown, [first], "the first, and not the other");
    await screenshotBoth(o, "desk-similar");
    await o.getByTestId("merge-here").click();
    await o.getByTestId("desk-notice").waitFor({ state: "visible" });
    // The matter shown is the one it went into, raised by two.
    await o.getByTestId("desk-matter").getByText("2 人反映").waitFor();
    assert.equal(await o.getByTestId("desk-matter").locator(".desk-opinion .content").count(), 2);
    const session = await api(server, "/api/v1/session", { method: "POST", body: { login: "office", password: "rep-secret-1", device_name: "检查" } });
    const merged = await api(server, "/api/v1/matters?state=merged", { token: session.body.token });
    assert.equal(merged.body.total, 1);
  } finally {
    await phone.close();
    await office.close();
  }
});
