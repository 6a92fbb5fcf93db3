// A unit's attachments on the handling desk: a representative's phone syncs
// an opinion; the office triages and dispatches it; the unit accepts it and
// attaches a small PDF, which the timeline names and which downloads with
// the same bytes (for the office too); a .txt file is refused with the
// catalogue's message and the timeline stays as it was.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startServer, launch, openApp, createAccounts, createCard, api, screenshotBoth, tempDir, BIN, DESKTOP, signIn } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir], { encoding: "utf8", env: { ...process.env, LIAISON_DATABASE_URL: "" } });
  const admin = await createAccounts(server, []);
  const organisations = (await api(server, "/api/v1/organisations", { token: admin })).body;
  const unitId = organisations.find((o) => o.name === "县住房和城乡建设局").id;
  const demo = (await api(server, "/api/v1/organisation")).body.id;
  for (const [login, name, role, organisation_id] of [
    ["zhangsan", "张三", "representative", demo],
    ["office", "联络办", "office", demo],
    ["zhujian", "住建局办理员", "unit_member", unitId],
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

/** The matter's version as the page shows it. */
function version(page) {
  return page.getByTestId("desk-matter").locator("header").getAttribute("data-version");
}

/** Waits until the matter shown is past `before`. */
async function movedOn(page, before) {
  await page.waitForFunction((v) => document.querySelector("[data-testid=desk-matter] header")?.dataset.version !== v, before);
}

/** Takes the action `code` (with its form filled by `fill`, if any). */
async function act(page, code, fill) {
  const before = await version(page);
  await page.getByTestId("desk-actions").locator(`button[data-action=${code}]`).click();
  if (fill) {
    await page.getByTestId("desk-form").waitFor();
    await fill(page.getByTestId("desk-form"));
    await page.getByTestId("desk-send").click();
  }
  await movedOn(page, before);
}

function timeline(page) {
  return page.getByTestId("desk-timeline").locator("li").evaluateAll((items) => items.map((li) => li.dataset.action));
}

test("a unit attaches a PDF, everyone who sees the matter downloads it, a text file is refused", async () => {
  const content = "小区门口的排水沟堵塞，下雨就积水";
  const dir = tempDir("attachments");
  const pdf = join(dir, "排水沟现场.pdf");
  const pdfBytes = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% 排水沟已疏通\n%%EOF\n", "utf8");
  writeFileSync(pdf, pdfBytes);
  const txt = join(dir, "说明.txt");
  writeFileSync(txt, "这不是附件允许的类型。\n");

  const phone = await launch();
  const office = await launch({ viewport: DESKTOP });
  const unit = await launch({ viewport: DESKTOP });
  try {
    const p = await openApp(phone.context, server.url);
    await signIn(p, server, "zhangsan", "张三的手机");
    await p.goto(server.url + "/");
    await createCard(p, { content, place: "幸福小区" });
    await p.getByTestId("sync-now").click();
    await p.getByTestId("sync-count").getByText("全部已同步").waitFor();

    const o = await openApp(office.context, server.url);
    await signIn(o, server, "office", "办公室电脑");
    await openMatter(o, content);
    await act(o, "triage", async () => {});
    await act(o, "dispatch", async (form) => {
      await form.getByTestId("desk-unit").selectOption({ label: "县住房和城乡建设局" });
    });
    assert.equal(await o.getByTestId("desk-attach").count(), 0, "the office attaches nothing");

    const u = await openApp(unit.context, server.url);
    await signIn(u, server, "zhujian", "住建局办理员的电脑");
    await openMatter(u, content);
    await act(u, "accept_dispatch");
    const input = u.getByTestId("desk-attach-input");
    assert.equal(await u.getByTestId("desk-attach").locator("label").textContent(), "添加附件");

    // A PDF: in the timeline under its name, with what it is and its size.
    let before = await version(u);
    await input.setInputFiles(pdf);
    await movedOn(u, before);
    await u.getByTestId("desk-notice").getByText("已完成：添加附件。").waitFor();
    const entry = u.getByTestId("desk-timeline").locator("li[data-action=add_attachment]");
    assert.equal(await entry.getByTestId("desk-attachment").textContent(), "排水沟现场.pdf");
    assert.match(await entry.textContent(), /PDF 文档/);
    const shown = await timeline(u);
    assert.deepEqual(shown, ["triage", "dispatch", "accept_dispatch", "add_attachment"]);

    // It downloads with the same bytes, for the unit and for the office.
    for (const page of [u, o]) {
      if (page === o) await openMatter(o, content);
      const download = page.waitForEvent("download");
      await page.getByTestId("desk-timeline").getByTestId("desk-attachment").click();
      const saved = join(dir, `downloaded-${page === u ? "unit" : "office"}.pdf`);
      assert.equal((await download).suggestedFilename(), "排水沟现场.pdf");
      await (await download).saveAs(saved);
      assert.deepEqual(readFileSync(saved), pdfBytes);
    }

    // A text file: the catalogue's message, nothing sent, nothing changed.
    before = await version(u);
    await input.setInputFiles(txt);
    await u.getByTestId("desk-attach-problem").getByText("只能上传 JPEG、PNG 图片，PDF、Word（.docx）或 Excel（.xlsx）文件。没有上传。").waitFor();
    assert.equal(await version(u), before);
    assert.deepEqual(await timeline(u), shown);
    await screenshotBoth(u, "desk-attachments");

    // Typed as a PDF but not one: the server's check says so too.
    const session = await api(server, "/api/v1/session", { method: "POST", body: { login: "zhujian", password: "rep-secret-1", device_name: "检查" } });
    const id = (await api(server, "/api/v1/matters", { token: session.body.token })).body.items[0].matter.id;
    const fake = await fetch(`${server.url}/api/v1/matters/${id}/attachments?name=${encodeURIComponent("假.pdf")}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${session.body.token}`, "Content-Type": "application/pdf" },
      body: "not a pdf",
    });
    assert.equal(fake.status, 400);
    assert.equal((await fake.json()).error.key, "attachment_not_its_type");
  } finally {
    await phone.close();
    await office.close();
    await unit.close();
  }
});
