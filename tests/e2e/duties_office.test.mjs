// The office's duty dashboard (代表履职情况) against the real server: a
// representative records a reception offline, the phone's duties move at
// once; once the phone syncs, the office's dashboard shows the same numbers
// for her, a second representative who synced nothing owes everything, the
// drill-down lists her activity, and the table goes out as a CSV for Excel.
// Then the administrator sets the organisation's rules (wrong ones are
// refused in words) and makes a representative a leadership member with a
// liaison point: his lecture, forum and veteran visit there, recorded
// offline, count on his phone at once and on the office's dashboard after sync.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startDemoServer, launch, openApp, screenshotBoth, signIn, DESKTOP } from "./helpers.mjs";

let server;
let demoName;
before(async () => {
  let org;
  ({ server, org } = await startDemoServer([
    ["lihong", "李红", "representative"],
    ["wangjun", "王军", "representative"],
    ["office", "联络办", "office"],
  ]));
  demoName = org.name;
});
after(async () => {
  await server?.stop();
});

/** The phone's line for `code`: [done, required] as it says them (its bar stops at required). */
async function phoneLine(page, code) {
  const count = page.getByTestId("duties").locator(`[data-duty=${code}] .meta .count`);
  await count.waitFor();
  return (await count.textContent()).split(" / ").map(Number);
}

/** The dashboard's cell for `duty` in the row of `name`: its text and status. */
async function officeCell(page, name, duty) {
  const row = page.getByTestId("desk-duties-table").locator("tr", { hasText: name });
  const cell = row.locator(`td[data-duty=${duty}]`);
  await cell.waitFor();
  return { text: await cell.textContent(), status: (await cell.getAttribute("class")).replace("duty-cell ", "") };
}

test("a reception recorded offline moves the phone's duties at once, and the office's dashboard after sync", async () => {
  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "lihong", "李红的手机");
    await p.goto(server.url + "/");
    await phone.context.setOffline(true);
    await p.reload();
    await p.getByTestId("network").getByText("离线").waitFor();
    assert.deepEqual(await phoneLine(p, "receptions"), [0, 2]);

    // A reception (接待), offline: the phone counts it at once.
    await p.getByTestId("new-reception").click();
    await p.locator("#kind").selectOption("reception");
    await p.locator("#venue").fill("城关镇党代表工作室");
    await p.locator("#representatives").fill("李红");
    await p.locator("#topic").fill("每月 10 日定点接待");
    await p.locator("#summary").fill("接待来访群众 4 人，了解社区停车难问题");
    await p.getByTestId("submit").click();
    await p.getByTestId("reception-detail").waitFor();
    await p.goto(server.url + "/");
    await p.getByTestId("duties").locator("[data-duty=receptions] progress[value='1']").waitFor();
    const onPhone = await phoneLine(p, "receptions");
    assert.deepEqual(onPhone, [1, 2]);

    // Back online, the phone syncs; the office sees the same numbers.
    await phone.context.setOffline(false);
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-duties").locator("summary").click();
    await o.getByTestId("desk-duties-total").getByText("共 2 名代表").waitFor();
    const hers = await officeCell(o, "李红", "receptions");
    assert.equal(hers.text, `${onPhone[0]}/${onPhone[1]}`, "the office counts what the phone counted");
    assert.equal((await officeCell(o, "王军", "receptions")).text, "0/2", "nothing synced: everything owed");
    assert.equal((await officeCell(o, "李红", "contacts")).text, `${(await phoneLine(p, "contacts")).join("/")}`);
    await screenshotBoth(o, "desk-duties");

    // The drill-down: her lines and this year's activity.
    await o.getByTestId("desk-duties-table").getByRole("button", { name: "李红" }).click();
    const detail = o.getByTestId("desk-duty-detail");
    await detail.getByTestId("desk-duty-activities").waitFor();
    assert.match(await detail.getByTestId("desk-duty-activities").textContent(), /接待.*0 名联系对象参加/);
    await screenshotBoth(o, "desk-duty-detail");

    // The worst-status filter keeps only those whose worst it is.
    const worst = await o.getByTestId("desk-duties-table").locator("tr", { hasText: "王军" }).locator("td").nth(1).textContent();
    const code = { 已逾期: "overdue", 进度落后: "at_risk", 未完成: "owed", 已完成: "done" }[worst];
    await o.getByTestId("desk-duties-status").selectOption(code);
    await o.getByTestId("desk-duties-table").locator("tr", { hasText: "王军" }).waitFor();
    const rows = await o.getByTestId("desk-duties-table").locator("tbody tr").count();
    const total = Number((await o.getByTestId("desk-duties-total").textContent()).match(/\d+/)[0]);
    assert.equal(rows, total);

    // The CSV for Excel.
    const download = o.waitForEvent("download");
    await o.getByTestId("desk-duties-csv").click();
    const file = await (await download).path();
    const csv = readFileSync(file, "utf8");
    assert.ok(csv.startsWith("\ufeff\"代表\""), csv.slice(0, 80));
    assert.ok(csv.includes(`"李红"`) && csv.includes(`"定点接待","本季度","1","2"`), csv);
  } finally {
    await phone.close();
    await office.close();
  }
});

test("the administrator's rules and a leadership member's liaison point count on the phone offline and on the dashboard", async () => {
  const admin = await launch({ viewport: DESKTOP });
  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  try {
    const a = await openApp(admin.context, server.url);
    await signIn(a, server, "admin", "管理员电脑", "admin-secret-1");
    await a.goto(server.url + "/admin");
    await a.getByTestId("admin-users").locator("tr[data-login=wangjun]").waitFor();

    // The organisation's rules: nothing set yet, the preset counts.
    await a.getByTestId("policy-org").selectOption({ label: demoName });
    await a.getByTestId("policy-form").waitFor();
    await a.getByTestId("policy-inherits").waitFor();
    await a.getByTestId("policy-preset-a").click();
    await a.getByTestId("policy-receptions_per_quarter-0").fill("-1");
    await a.getByTestId("policy-add-term").click();
    await a.getByTestId("policy-add-term").click();
    await a.getByTestId("policy-term-first-0").fill("2022-01-01");
    await a.getByTestId("policy-term-last-0").fill("2026-12-31");
    await a.getByTestId("policy-term-first-1").fill("2026-01-01");
    await a.getByTestId("policy-term-last-1").fill("2030-12-31");
    await a.getByTestId("policy-save").click();
    const problems = a.getByTestId("policy-problems");
    await problems.getByText("履职规定有误，未保存").waitFor();
    assert.match(await problems.textContent(), /不能为负数/);
    assert.match(await problems.textContent(), /两届任期有重叠的日子/);
    await screenshotBoth(a, "admin-policy-refused");
    // Put right: three receptions a quarter, one term.
    await a.getByTestId("policy-receptions_per_quarter-0").fill("3");
    await a.getByTestId("policy-remove-term-1").click();
    await a.getByTestId("policy-save").click();
    await a.getByTestId("policy-saved").getByText("履职规定已保存").waitFor();
    assert.equal(await a.getByTestId("policy-inherits").isVisible(), false);
    assert.equal(await a.getByTestId("policy-receptions_per_quarter-0").inputValue(), "3");

    // 王军 leads, and is assigned the first liaison point this year.
    const row = a.getByTestId("admin-users").locator("tr[data-login=wangjun]");
    await row.getByTestId("admin-duty-profile").click();
    const form = row.getByTestId("duty-profile");
    await form.locator(".profile-point").first().waitFor();
    await form.getByTestId("profile-leadership").check();
    const point = form.locator(".profile-point").first();
    const pointName = await point.getAttribute("data-point");
    await point.locator("input[type=checkbox]").check();
    await form.getByTestId("profile-save").click();
    await a.getByTestId("admin-message").getByText("王军的履职设置已保存").waitFor();
    await screenshotBoth(a, "admin-duty-profile");

    // His phone: signed in, the organisation loaded, synced (the rules come with it).
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "wangjun", "王军的手机");
    await p.getByTestId("load-org").click();
    await p.getByTestId("org-message").getByText("个联系点").waitFor();
    await p.goto(server.url + "/");
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await phone.context.setOffline(true);
    await p.reload();
    await p.getByTestId("network").getByText("离线").waitFor();
    assert.deepEqual(await phoneLine(p, "receptions"), [0, 3], "the organisation's rule, not the preset's 2");
    assert.deepEqual(await phoneLine(p, "point_lectures"), [0, 1]);
    assert.equal(await p.getByTestId("duties-preset").isVisible(), false);

    // A lecture, a forum and a veteran visit at the point, offline.
    for (const kind of ["lecture", "forum", "veteran_visit"]) {
      await p.getByTestId("new-reception").click();
      await p.locator("#kind").selectOption(kind);
      await p.locator("#venue-choice").selectOption({ label: pointName });
      await p.locator("#representatives").fill("王军");
      await p.locator("#topic").fill(`联系点活动：${kind}`);
      await p.locator("#summary").fill("与联系点党员群众交流");
      await p.getByTestId("submit").click();
      await p.getByTestId("reception-detail").waitFor();
      await p.goto(server.url + "/");
    }
    await p.getByTestId("duties").locator("[data-duty=point_veteran_visits] progress[value='1']").waitFor();
    const onPhone = {};
    for (const duty of ["point_lectures", "point_forums", "point_veteran_visits", "point_activities"]) {
      onPhone[duty] = await phoneLine(p, duty);
      assert.ok(onPhone[duty][0] >= onPhone[duty][1], `${duty} done on the phone: ${onPhone[duty]}`);
    }
    await screenshotBoth(p, "duties-liaison-point");

    // Online again: after the sync the office counts the same.
    await phone.context.setOffline(false);
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();
    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-duties").locator("summary").click();
    for (const [duty, [done, required]] of Object.entries(onPhone)) {
      const cell = await officeCell(o, "王军", duty);
      assert.equal(cell.text, `${done}/${required}`, duty);
      assert.equal(cell.status, "done", duty);
    }
    assert.equal((await officeCell(o, "王军", "receptions")).text, "0/3");
    // The charts: the only representative with a point has done its lecture; nobody its receptions.
    const charts = o.getByTestId("desk-duties-charts");
    assert.equal(await charts.locator("li[data-duty=point_lectures] .chart-value").textContent(), "100%");
    assert.equal(await charts.locator("li[data-duty=receptions] .chart-value").textContent(), "0%");
    await screenshotBoth(o, "desk-duties-points");
  } finally {
    await admin.close();
    await phone.close();
    await office.close();
  }
});
