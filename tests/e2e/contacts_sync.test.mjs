// A contact edited on two phones of the same representative while both were
// offline: different fields merge; the same field keeps the value that
// reached the server first, and the other phone is shown both values and may
// write its own again. Nothing is dropped without the user seeing it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, openApp, screenshotBoth, readRecords, createAccounts, signIn } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  await createAccounts(server, [["zhaoliu", "赵六"]]);
});
after(async () => {
  await server?.stop();
});

/** Syncs from the start screen and waits until nothing is left to send. */
async function syncNow(page) {
  await page.goto(server.url + "/");
  await page.getByTestId("sync-now").click();
  await page.getByTestId("sync-count").getByText("全部已同步").waitFor();
}

/** The contacts screen's line for `name`. */
function contact(page, name) {
  return page.getByTestId("contact").filter({ hasText: name });
}

/** Opens a contact's edit form and types into it. */
async function edit(page, name, fields) {
  await contact(page, name).getByTestId("contact-edit").click();
  await page.getByText("修改联系对象").waitFor();
  for (const [selector, value] of Object.entries(fields)) {
    await page.locator(selector).fill(value);
  }
  await page.getByTestId("save-contact").click();
}

test("the same contact edited on two offline phones: other fields merge, the same field is a conflict shown with both values", async () => {
  const phoneA = await launch();
  const phoneB = await launch();
  try {
    const a = await openApp(phoneA.context, server.url, "/settings");
    await signIn(a, server, "zhaoliu", "赵六的手机");
    const b = await openApp(phoneB.context, server.url, "/settings");
    await signIn(b, server, "zhaoliu", "赵六的平板");

    // Phone A adds a contact; it reaches phone B.
    await a.goto(server.url + "/contacts");
    await a.locator("#contact-name").fill("刘大爷");
    await a.locator("#contact-phone").fill("13800000001");
    await a.getByTestId("save-contact").click();
    await contact(a, "刘大爷").waitFor();
    await syncNow(a);
    await syncNow(b);
    await b.goto(server.url + "/contacts");
    await contact(b, "13800000001").waitFor();

    // Both offline. A changes the phone number; B changes the name and the
    // phone number too.
    await phoneA.context.setOffline(true);
    await phoneB.context.setOffline(true);
    await a.goto(server.url + "/contacts");
    await edit(a, "刘大爷", { "#contact-phone": "13900000002" });
    await a.getByTestId("contact-outcome").getByText("已保存修改").waitFor();
    await contact(a, "13900000002").waitFor();

    await b.goto(server.url + "/contacts");
    // A wrong number is refused in words; nothing is saved or queued.
    await edit(b, "刘大爷", { "#contact-name": "刘大爷爷", "#contact-phone": "137" });
    await b.getByTestId("error-contact-phone").getByText("请输入 11 位手机号码").waitFor();
    assert.equal((await readRecords(b, "outbox")).length, 0);
    await screenshotBoth(b, "80-contact-edit-refused");
    await b.locator("#contact-phone").fill("13700000003");
    await b.getByTestId("save-contact").click();
    await contact(b, "刘大爷爷").waitFor();
    const [entry] = await readRecords(b, "outbox");
    assert.deepEqual(entry.update.fields, {
      name: { old: "刘大爷", new: "刘大爷爷" },
      phone: { old: "13800000001", new: "13700000003" },
    });
    assert.equal(entry.update.base_version, 1);

    // A reaches the server first, then B.
    await phoneA.context.setOffline(false);
    await syncNow(a);
    await phoneB.context.setOffline(false);
    await syncNow(b);
    // B is told, on its start screen and on the contacts screen.
    await b.getByTestId("sync-conflicts").getByText("有 1 处修改与别处冲突").waitFor();
    await screenshotBoth(b, "81-home-conflict");
    await b.getByTestId("sync-conflicts").getByRole("link").click();
    const conflict = b.getByTestId("conflict");
    await conflict.waitFor();
    assert.equal(
      (await conflict.locator("p").first().textContent()).trim(),
      "「刘大爷爷」的手机号：已在别处改为「13900000002」，本机改的「13700000003」未采用。",
    );
    // The name merged; the phone is the one that reached the server first.
    await contact(b, "刘大爷爷").filter({ hasText: "13900000002" }).waitFor();
    await screenshotBoth(b, "82-contact-conflict");

    // A gets B's name, and keeps its phone number.
    await syncNow(a);
    await a.goto(server.url + "/contacts");
    await contact(a, "刘大爷爷").filter({ hasText: "13900000002" }).waitFor();

    // B keeps its own number after all: it goes to the server as a new edit.
    await conflict.getByTestId("conflict-mine").click();
    await b.getByTestId("conflicts").waitFor({ state: "hidden" });
    await contact(b, "刘大爷爷").filter({ hasText: "13700000003" }).waitFor();
    await syncNow(b);
    assert.equal(await b.getByTestId("sync-conflicts").isHidden(), true);
    await syncNow(a);
    await a.goto(server.url + "/contacts");
    await contact(a, "刘大爷爷").filter({ hasText: "13700000003" }).waitFor();
    assert.equal(await a.getByTestId("conflict").count(), 0, "phone A never had a conflict");
    // One contact on each phone, the same on both.
    const [onA] = await readRecords(a, "contacts");
    const [onB] = await readRecords(b, "contacts");
    assert.deepEqual(onA, onB);
    assert.equal((await readRecords(a, "contacts")).length, 1);
  } finally {
    await phoneA.close();
    await phoneB.close();
  }
});
