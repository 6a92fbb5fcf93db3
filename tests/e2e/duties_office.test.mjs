// The office's duty dashboard (代表履职情况) against the real server: a
// representative records a reception offline, the phone's duties move at
// once; once the phone syncs, the office's dashboard shows the same numbers
// for her, a second representative who synced nothing owes everything, the
// drill-down lists her activity, and the table goes out as a CSV for Excel.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startServer, launch, openApp, createAccounts, api, screenshotBoth, signIn, BIN, DESKTOP } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  const admin = await createAccounts(server, []);
  const demo = (await api(server, "/api/v1/organisation")).body.id;
  for (const [login, name, role] of [
    ["lihong", "李红", "representative"],
    ["wangjun", "王军", "representative"],
    ["office", "联络办", "office"],
  ]) {
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

/** The phone's line for `code`: [done, required]. */
async function phoneLine(page, code) {
  const bar = page.getByTestId("duties").locator(`[data-duty=${code}] progress`);
  await bar.waitFor();
  return [Number(await bar.getAttribute("value")), Number(await bar.getAttribute("max"))];
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
