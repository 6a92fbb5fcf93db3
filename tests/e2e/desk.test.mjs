// The handling desk (办理台) in three browsers against the real server: a
// representative's phone collects an opinion offline and syncs it; the
// liaison office triages and dispatches it to a responsible unit; the unit,
// which never sees who raised it, accepts and replies; the office sends the
// reply back with a reason; the unit replies again; the office accepts it.
// The phone syncs and shows the reply; offline, the representative records
// that the person was told and that they are not satisfied; the sync reopens
// the matter; it is dispatched and answered again; the person is satisfied;
// the office closes it and the phone shows it closed. A refused action
// (dispatch with no unit, 不满意 with no reason) changes nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, launch, openApp, createAccounts, createCard, api, screenshotBoth, BIN, DESKTOP, signIn } from "./helpers.mjs";

let server;
let admin;
const organisationsByName = {};
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  admin = await createAccounts(server, []);
  const organisations = (await api(server, "/api/v1/organisations", { token: admin })).body;
  const idOf = (name) => organisations.find((o) => o.name === name).id;
  for (const o of organisations) organisationsByName[o.name] = o.id;
  const demo = (await api(server, "/api/v1/organisation")).body.id;
  for (const [login, name, role, organisation_id] of [
    ["zhangsan", "张三", "representative", demo],
    ["office", "联络办", "office", demo],
    ["zhujian", "住建局办理员", "unit_member", idOf("县住房和城乡建设局")],
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


/** Opens the desk and the matter whose opinion says `content`. */
async function openMatter(page, content) {
  await page.goto(server.url + "/desk");
  await page.getByTestId("desk-list").getByText(content).click();
  await page.getByTestId("desk-matter").locator("[data-testid=desk-state]").waitFor();
}

/** Takes the action `code`, filling its fields with `fill` first (if it has any). */
async function act(page, code, fill) {
  const state = await page.getByTestId("desk-state").textContent();
  await page.getByTestId("desk-actions").locator(`button[data-action=${code}]`).click();
  if (fill) {
    await page.getByTestId("desk-form").waitFor();
    await fill(page.getByTestId("desk-form"));
    await page.getByTestId("desk-send").click();
  }
  await page.getByTestId("desk-notice").waitFor({ state: "visible" });
  await page.waitForFunction((before) => document.querySelector("[data-testid=desk-state]")?.textContent !== before, state);
}

/** Syncs the phone and opens the opinion card until its progress is `want`. */
async function phoneSees(page, content, want) {
  await page.goto(server.url + "/");
  await page.getByTestId("sync-now").click();
  await page.getByTestId("sync-count").getByText("全部已同步").waitFor();
  await page.getByText(content).first().click();
  await page.locator(`[data-testid=progress-state][data-state=${want}]`).waitFor();
}

async function state(page) {
  return page.getByTestId("desk-matter").locator("header").getAttribute("data-state");
}

test("an opinion goes from the phone to the office, to the unit and back, with a reply sent back once", async () => {
  const content = "村口路灯坏了三个月没人修，晚上出行不安全";
  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  const unit = await launch({ viewport: DESKTOP });
  try {
    // The phone: signed in once, the card collected offline, then synced.
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "zhangsan", "张三的手机");
    await p.goto(server.url + "/");
    await phone.context.setOffline(true);
    await p.reload();
    await createCard(p, { content, place: "幸福村村口", raiser: { name: "王大妈", phone: "13800138000" } });
    await phone.context.setOffline(false);
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    // The office: the matter is in its inbox with the 3-day triage clock.
    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await o.getByTestId("nav-desk").click();
    await o.getByTestId("desk-list").getByText(content).waitFor();
    assert.match(await o.getByTestId("desk-list").locator("[data-testid=desk-due]").first().textContent(), /梳理期限/);
    await screenshotBoth(o, "desk-inbox");
    await openMatter(o, content);
    assert.equal(await state(o), "reported");
    assert.notEqual(await o.getByTestId("desk-raised-by").textContent(), "反映人信息不向责任单位显示", "the office sees who raised it");

    await act(o, "triage", async (form) => {
      await form.locator("select").nth(1).selectOption("urgent");
    });
    assert.equal(await state(o), "triaged");

    // A dispatch with no unit chosen: a clear message, nothing changed.
    await o.getByTestId("desk-actions").locator("button[data-action=dispatch]").click();
    await o.getByTestId("desk-send").click();
    await o.getByTestId("desk-problem").getByText("请选择责任单位。").waitFor();
    assert.equal(await state(o), "triaged");
    await o.getByTestId("desk-unit").selectOption({ label: "县住房和城乡建设局" });
    const version = await o.getByTestId("desk-matter").locator("header").getAttribute("data-version");
    await o.getByTestId("desk-send").click();
    await o.waitForFunction((v) => document.querySelector("[data-testid=desk-matter] header")?.dataset.version !== v, version);
    assert.equal(await state(o), "dispatched");
    assert.equal(await o.getByTestId("desk-unit-name").textContent(), "县住房和城乡建设局");
    await screenshotBoth(o, "desk-dispatched");

    // The chasing list: the unit has one matter, not overdue; choosing it filters the inbox.
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-chase").locator("summary").click();
    const row = o.getByTestId("desk-chase").locator("tr", { hasText: "县住房和城乡建设局" });
    await row.waitFor();
    assert.deepEqual(await row.locator("td").allTextContents(), ["县住房和城乡建设局", "1", "0", "0"]);
    await row.locator("button").click();
    await o.getByTestId("desk-all-units").waitFor({ state: "visible" });
    await o.getByTestId("desk-total").getByText("共 1 件").waitFor();
    await screenshotBoth(o, "desk-chase");

    // The unit: sees it without who raised it; accepts it and replies.
    const u = await openApp(unit.context, server.url);
    await signIn(u, server, "zhujian", "住建局电脑");
    // The unit's notices say a matter came; choosing it opens it.
    await u.goto(server.url + "/desk");
    await u.getByTestId("desk-notices").getByText("提醒（1 条新）").waitFor();
    await u.getByTestId("desk-notices").click();
    await u.getByTestId("desk-notice-list").getByText(content).waitFor();
    await screenshotBoth(u, "desk-notices");
    await u.getByTestId("desk-notice-list").getByText(content).click();
    await u.getByTestId("desk-matter").locator("[data-testid=desk-state]").waitFor();
    await u.getByTestId("desk-notices").getByText("提醒", { exact: true }).waitFor();
    assert.equal(await u.getByTestId("desk-raised-by").textContent(), "反映人信息不向责任单位显示");

    // The unit needs to visit her: the office reveals who raised it, with a
    // reason (a reason is required), and the unit sees her name and phone.
    await openMatter(o, content);
    await o.getByTestId("desk-actions").locator("button[data-action=reveal_raiser]").click();
    await o.getByTestId("desk-send").click();
    await o.getByTestId("desk-problem").waitFor({ state: "visible" });
    const unrevealed = await o.getByTestId("desk-matter").locator("header").getAttribute("data-version");
    await o.getByTestId("desk-form").locator("input").fill("需要上门查看路灯位置");
    await o.getByTestId("desk-send").click();
    await o.waitForFunction((v) => document.querySelector("[data-testid=desk-matter] header")?.dataset.version !== v, unrevealed);
    assert.equal(await state(o), "dispatched");
    await openMatter(u, content);
    assert.equal(await u.getByTestId("desk-raised-by").textContent(), "王大妈 13800138000");
    assert.equal(await u.getByTestId("desk-unit-name").textContent(), "县住房和城乡建设局", "the unit reads its own name");
    const why = u.getByTestId("desk-timeline").locator("li[data-action=reveal_raiser] .timeline-words");
    assert.equal(await why.textContent(), "需要上门查看路灯位置", "the timeline says why");
    await screenshotBoth(u, "desk-unit-raiser-revealed");
    assert.equal(await u.getByTestId("desk-actions").locator("button[data-action=dispatch]").count(), 0, "units do not dispatch");
    await act(u, "accept_dispatch");
    assert.equal(await state(u), "in_progress");
    await act(u, "submit_reply", (form) => form.locator("textarea").fill("已安排维修"));
    assert.equal(await state(u), "replied");
    await screenshotBoth(u, "desk-unit-replied");

    // The office sends the reply back with a reason …
    await openMatter(o, content);
    assert.equal(await o.getByTestId("desk-reply").textContent(), "已安排维修");
    await act(o, "send_back", (form) => form.locator("input").fill("请写明维修时间和责任人"));
    assert.equal(await state(o), "in_progress");

    // … the unit sees why and replies again …
    await openMatter(u, content);
    assert.equal(await u.getByTestId("desk-rework").textContent(), "请写明维修时间和责任人");
    await act(u, "submit_reply", (form) => form.locator("textarea").fill("已于 12 月 5 日更换路灯 3 盏，责任人：李工"));
    assert.equal(await state(u), "replied");

    // … and the office accepts it: it goes back to the representative.
    await openMatter(o, content);
    await act(o, "accept_reply");
    assert.equal(await state(o), "reply_accepted");
    const timeline = await o.getByTestId("desk-timeline").locator("li").evaluateAll((items) => items.map((li) => li.dataset.action));
    assert.deepEqual(timeline, ["triage", "dispatch", "reveal_raiser", "accept_dispatch", "submit_reply", "send_back", "submit_reply", "accept_reply"]);
    await screenshotBoth(o, "desk-reply-accepted");

    // The server agrees, and the unit's inbox filter by state finds it no more as replied.
    const session = await api(server, "/api/v1/session", { method: "POST", body: { login: "office", password: "rep-secret-1", device_name: "检查" } });
    const list = await api(server, "/api/v1/matters?state=reply_accepted", { token: session.body.token });
    assert.equal(list.body.total, 1);
    assert.equal(list.body.items[0].matter.reply.text, "已于 12 月 5 日更换路灯 3 盏，责任人：李工");

    // The phone syncs: the start screen says a reply waits to be passed on,
    // and the accepted reply is on the opinion card.
    await phoneSees(p, content, "reply_accepted");
    await p.goto(server.url + "/");
    await p.getByTestId("awaiting-feedback").getByText("1 件答复待告知反映人并记录评价").waitFor();
    await screenshotBoth(p, "phone-awaiting");
    await p.getByTestId("awaiting-feedback").getByText(content).click();
    await p.locator("[data-testid=progress-state][data-state=reply_accepted]").waitFor();
    assert.equal(await p.getByTestId("progress-reply").textContent(), "已于 12 月 5 日更换路灯 3 盏，责任人：李工");
    await p.getByTestId("progress-your-turn").waitFor();
    await screenshotBoth(p, "phone-reply");

    // A half-filled form survives a sync that brings something new (a card
    // the representative collected on a second phone): the card's screen is
    // redrawn only when the card itself changes.
    await p.getByTestId("informed-how").selectOption("phone");
    const tablet = await launch();
    try {
      const t = await openApp(tablet.context, server.url);
      await signIn(t, server, "zhangsan", "张三的平板");
      await t.goto(server.url + "/");
      await createCard(t, { content: "第二台设备上记的意见：菜市场排水沟堵了", place: "幸福村菜市场" });
      await t.getByTestId("sync-now").click();
      await t.getByTestId("sync-count").getByText("全部已同步").waitFor();
    } finally {
      await tablet.close();
    }
    const reloadsBefore = await p.evaluate(() => performance.getEntriesByName("liaison:list-complete").length);
    // The phone comes back online while the form is open: it syncs by itself.
    await phone.context.setOffline(true);
    await phone.context.setOffline(false);
    await p.waitForFunction((n) => performance.getEntriesByName("liaison:list-complete").length > n, reloadsBefore);
    assert.equal(await p.getByTestId("informed-how").inputValue(), "phone", "the form kept what was chosen");

    // Offline, at the studio: the person was told by phone, and is not satisfied.
    await phone.context.setOffline(true);
    await p.reload();
    await p.getByTestId("progress-state").waitFor();
    await p.getByTestId("informed-how").selectOption("phone");
    await p.getByTestId("record-informed").click();
    await p.getByTestId("feedback-waiting").waitFor();
    await p.getByTestId("verdict-not_satisfied").check();
    await p.getByTestId("record-verdict").click();
    await p.getByTestId("error-reason").getByText("必填").waitFor();
    assert.equal(await p.getByTestId("feedback-waiting").count(), 1, "nothing recorded without a reason");
    await p.getByTestId("verdict-reason").fill("只修好了一盏，另外两盏还是坏的");
    await p.getByTestId("record-verdict").click();
    await p.waitForFunction(() => document.querySelectorAll("[data-testid=feedback-waiting]").length === 2);
    await screenshotBoth(p, "phone-feedback-offline");
    await phone.context.setOffline(false);
    await phoneSees(p, content, "reopened");
    assert.match(await p.getByTestId("progress-verdict").textContent(), /不满意.*只修好了一盏/);

    // The office sets its usual unit and time limit for the category; a bad
    // number is refused in words and nothing is saved.
    await o.goto(server.url + "/desk");
    await o.getByTestId("desk-settings-toggle").click();
    await o.getByTestId("days-urban_construction").fill("0");
    await o.getByTestId("settings-save").click();
    await o.getByTestId("settings-problem").getByText("天数须为 1 至 365 的整数。").waitFor();
    await o.getByTestId("days-urban_construction").fill("7");
    await o.getByTestId("urgent-days").fill("3");
    await o.getByTestId("unit-urban_construction").selectOption({ label: "县住房和城乡建设局" });
    await o.getByTestId("settings-save").click();
    await o.getByTestId("settings-saved").waitFor({ state: "visible" });
    await screenshotBoth(o, "desk-settings");

    // The office sees why, and dispatches it again: the form suggests the unit and the day.
    await o.reload();
    await openMatter(o, content);
    assert.equal(await state(o), "reopened");
    await o.getByTestId("desk-actions").locator("button[data-action=dispatch]").click();
    const unitId = organisationsByName["县住房和城乡建设局"];
    await o.waitForFunction((id) => document.querySelector("[data-testid=desk-unit]")?.value === id, unitId);
    const chinaToday = new Date(Date.now() + 8 * 3600 * 1000);
    // The matter was triaged urgent: the urgent limit (3) caps the category's 7.
    const due = new Date(chinaToday.getTime() + 3 * 86400 * 1000).toISOString().slice(0, 10);
    assert.equal(await o.getByTestId("desk-form").locator("input[type=date]").inputValue(), due);
    const before = await o.getByTestId("desk-state").textContent();
    await o.getByTestId("desk-send").click();
    await o.getByTestId("desk-notice").waitFor({ state: "visible" });
    await o.waitForFunction((b) => document.querySelector("[data-testid=desk-state]")?.textContent !== b, before);
    assert.equal(await state(o), "dispatched");
    await openMatter(u, content);
    await act(u, "accept_dispatch");
    await act(u, "submit_reply", (form) => form.locator("textarea").fill("另外两盏已于 12 月 8 日修复"));
    await openMatter(o, content);
    await act(o, "accept_reply");

    // The phone: told in person, satisfied (online this time).
    await phoneSees(p, content, "reply_accepted");
    assert.equal(await p.getByTestId("progress-reply").textContent(), "另外两盏已于 12 月 8 日修复");
    await p.getByTestId("informed-how").selectOption("in_person");
    await p.getByTestId("record-informed").click();
    // Online, it syncs at once.
    await p.locator("[data-testid=progress-state][data-state=person_informed]").waitFor();
    await p.getByTestId("verdict-satisfied").check();
    await p.getByTestId("record-verdict").click();
    await p.locator("[data-testid=progress-state][data-state=evaluated]").waitFor();

    // The office closes it; the phone shows it closed.
    await openMatter(o, content);
    assert.equal(await state(o), "evaluated");
    await act(o, "close");
    assert.equal(await state(o), "closed");
    const kinds = await o.getByTestId("desk-timeline").locator("li").evaluateAll((items) => items.map((li) => li.dataset.action));
    assert.deepEqual(kinds.slice(8), [
      "record_informed", "record_evaluation", "dispatch", "accept_dispatch", "submit_reply", "accept_reply",
      "record_informed", "record_evaluation", "close",
    ]);
    await screenshotBoth(o, "desk-closed");
    await phoneSees(p, content, "closed");
    await screenshotBoth(p, "phone-closed");
    await p.goto(server.url + "/");
    await p.getByTestId("cards").getByText(content).waitFor();
    assert.equal(await p.getByTestId("awaiting-feedback").count(), 0, "nothing left to pass on");
  } finally {
    await phone.close();
    await office.close();
    await unit.close();
  }
});
