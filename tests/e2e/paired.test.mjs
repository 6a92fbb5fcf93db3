// Paired liaison (对口联系, seed 002) on the office's desk against the real
// server: the office pairs a department below it with a party branch,
// records a joint meeting and a leaders' visit, and the table's numbers and
// statuses move; the drill-down lists the events. The administrator's
// paired-liaison rules refuse a negative count and a least above the most,
// every mistake in words, then take good ones. The report and the duty
// dashboard go out as real .xlsx files (a zip: "PK").
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { startServer, launch, openApp, createAccounts, api, screenshotBoth, signIn, BIN, DESKTOP } from "./helpers.mjs";

const DEPARTMENT = "县民政局";
let server;
let demoName;
let demoId;
let adminToken;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  const admin = await createAccounts(server, []);
  const org = (await api(server, "/api/v1/organisation")).body;
  demoName = org.name;
  demoId = org.id;
  adminToken = admin;
  const made = await api(server, "/api/v1/admin/users", {
    method: "POST",
    token: admin,
    body: { login: "office", name: "联络办", role: "office", organisation_id: org.id, password: "rep-secret-1" },
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  // The civil affairs bureau sits below the demo organisation: in the office's scope.
  const orgs = (await api(server, "/api/v1/organisations", { token: admin })).body;
  const civil = orgs.find((o) => o.name === DEPARTMENT);
  const moved = await api(server, `/api/v1/organisations/${civil.id}/parent`, { method: "PUT", token: admin, body: { parent: org.id } });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
});
after(async () => {
  await server?.stop();
});

/** The table's cell `testid` in the row of the department: its text and status. */
async function cell(page, testid) {
  const row = page.getByTestId("paired-table").locator("tr", { hasText: DEPARTMENT });
  const td = row.getByTestId(testid);
  await td.waitFor();
  return { text: (await td.textContent()).trim(), status: await td.getAttribute("data-status") };
}

/** Clicks `button` and answers the download's suggested name and bytes. */
async function download(page, button) {
  const arrived = page.waitForEvent("download");
  await page.getByTestId(button).click();
  const file = await arrived;
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

test("an office pairs a department with a party, records a joint meeting and a leaders' visit, and exports the report", async () => {
  const office = await launch({ viewport: DESKTOP });
  try {
    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.goto(server.url + "/desk");
    const panel = o.getByTestId("desk-paired");
    await panel.locator("summary").click();
    await panel.getByTestId("paired-none").waitFor();

    // A new pairing: nothing done yet this year.
    await panel.getByTestId("paired-department").selectOption({ label: DEPARTMENT });
    await panel.getByTestId("paired-partner-kind").selectOption("party");
    await panel.getByTestId("paired-partner-name").fill("民革支部");
    await panel.getByTestId("paired-add").getByRole("button").click();
    await panel.getByTestId("paired-table").waitFor();
    const meetings = await cell(o, "paired-meetings");
    assert.equal(meetings.text, "0/1");
    assert.notEqual(meetings.status, "done");
    assert.equal((await cell(o, "paired-visits")).text, "0/1");
    assert.notEqual((await cell(o, "paired-worst")).status, "done");
    await screenshotBoth(o, "desk-paired");

    // Twice is refused in words.
    await panel.getByTestId("paired-department").selectOption({ label: DEPARTMENT });
    await panel.getByTestId("paired-partner-name").fill("民革支部");
    await panel.getByTestId("paired-add").getByRole("button").click();
    await panel.getByTestId("paired-problem").getByText("对口联系已经存在").waitFor();

    // The drill-down: record a joint meeting, then a leaders' visit, today.
    await panel.getByTestId("paired-table").getByRole("button", { name: DEPARTMENT }).click();
    const detail = panel.getByTestId("paired-detail");
    await detail.getByText("每年至少 1 次例会或联席会议").waitFor();
    await detail.getByTestId("paired-kind").selectOption("joint_meeting");
    await detail.getByTestId("paired-note").fill("召开联席会议，通报养老服务工作");
    await detail.getByTestId("paired-record").getByRole("button").click();
    await detail.getByTestId("paired-events").locator("li[data-kind=joint_meeting]").waitFor();
    await panel.getByTestId("paired-table").locator("td[data-testid=paired-meetings][data-status=done]").waitFor();
    assert.equal((await cell(o, "paired-meetings")).text, "1/1");
    assert.equal((await cell(o, "paired-visits")).text, "0/1");

    await detail.getByTestId("paired-kind").selectOption("leader_visit");
    await detail.getByTestId("paired-record").getByRole("button").click();
    await detail.getByTestId("paired-events").locator("li[data-kind=leader_visit]").waitFor();
    await panel.getByTestId("paired-table").locator("td[data-testid=paired-worst][data-status=done]").waitFor();
    assert.deepEqual(await cell(o, "paired-visits"), { text: "1/1", status: "done" });
    assert.match(await detail.getByTestId("paired-events").textContent(), /部门领导走访[\s\S]*工作例会或联席会议.*通报养老服务工作/);
    await screenshotBoth(o, "desk-paired-detail");

    // A day after today is refused, nothing recorded.
    await detail.getByTestId("paired-day").evaluate((input) => input.removeAttribute("max"));
    await detail.getByTestId("paired-day").fill("2999-01-01");
    await detail.getByTestId("paired-record").getByRole("button").click();
    await panel.getByTestId("paired-problem").getByText("活动日期不能晚于今天").waitFor();
    assert.equal(await detail.getByTestId("paired-events").locator("li").count(), 2);

    // The report and the duty dashboard as workbooks.
    const paired = await download(o, "paired-xlsx");
    assert.match(paired.name, /^paired-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.equal(paired.bytes.subarray(0, 2).toString("latin1"), "PK");
    await o.getByTestId("desk-duties").locator("summary").click();
    const duties = await download(o, "desk-duties-xlsx");
    assert.match(duties.name, /^duties-\d{4}-\d{2}-\d{2}\.xlsx$/);
    assert.equal(duties.bytes.subarray(0, 2).toString("latin1"), "PK");
    assert.ok(duties.bytes.length > 1000);
  } finally {
    await office.close();
  }
});

test("the administrator's paired-liaison rules refuse a negative count and a least above the most, in words", async () => {
  const admin = await launch({ viewport: DESKTOP });
  try {
    const a = await openApp(admin.context, server.url);
    await signIn(a, server, "admin", "管理员电脑", "admin-secret-1");
    await a.goto(server.url + "/admin");
    const editor = a.getByTestId("admin-paired-rules");
    await editor.getByTestId("paired-rules-org").selectOption({ label: demoName });
    await editor.getByTestId("paired-rules-preset").waitFor();
    assert.equal(await editor.getByTestId("paired-rules-joint_meetings_per_year").inputValue(), "1");
    assert.equal(await editor.getByTestId("paired-rules-leader_visits_max").inputValue(), "2");

    await editor.getByTestId("paired-rules-joint_meetings_per_year").fill("-1");
    await editor.getByTestId("paired-rules-leader_visits_min").fill("3");
    await editor.getByTestId("paired-rules-leader_visits_max").fill("2");
    await editor.getByTestId("paired-rules-save").click();
    const problems = editor.getByTestId("paired-rules-problems");
    await problems.getByText("对口联系规定有误，未保存").waitFor();
    assert.match(await problems.textContent(), /每年至少召开工作例会或联席会议次数：不能为负数/);
    assert.match(await problems.textContent(), /下限 3 大于上限 2/);
    await problems.scrollIntoViewIfNeeded();
    await screenshotBoth(a, "admin-paired-rules-refused");

    // Put right: two meetings a year, visits 1 to 2.
    await editor.getByTestId("paired-rules-joint_meetings_per_year").fill("2");
    await editor.getByTestId("paired-rules-leader_visits_min").fill("1");
    await editor.getByTestId("paired-rules-save").click();
    await editor.getByTestId("paired-rules-saved").waitFor();
    assert.equal(await editor.getByTestId("paired-rules-preset").isVisible(), false);
    const saved = await api(server, `/api/v1/organisations/${demoId}/paired-rules`, { token: adminToken });
    assert.deepEqual(saved.body.rules, { v: 1, joint_meetings_per_year: 2, leader_visits_min: 1, leader_visits_max: 2 });
  } finally {
    await admin.close();
  }
});
