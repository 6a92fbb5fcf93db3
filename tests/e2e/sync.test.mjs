// Sync, as people use it: a representative signs in on two phones; one
// captures a card offline and, back online, it reaches the server by itself
// and the other phone gets it; another representative sees none of it; a
// revoked phone is told clearly and keeps its cards.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { startServer, launch, openApp, screenshotBoth, readRecords, createCard, createAccounts, fixture, BIN, DESKTOP, signIn, readCards } from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir]);
  await createAccounts(server, [["zhangsan", "张三"]]);
});
after(async () => {
  await server?.stop();
});


async function syncedHome(page) {
  await page.goto(server.url + "/");
  await page.getByTestId("sync-count").getByText("全部已同步").waitFor();
}

test("a card captured offline reaches the server and the same person's other phone, and no one else's", async () => {
  const phoneA = await launch();
  const phoneB = await launch();
  const phoneC = await launch();
  const office = await launch({ viewport: DESKTOP });
  try {
    // The administrator, at a desktop, creates 李四's account on the admin screen.
    const desk = await openApp(office.context, server.url, "/settings");
    await signIn(desk, server, "admin", "办公室电脑", "admin-secret-1");
    await desk.getByTestId("admin-link").click();
    await desk.getByTestId("admin-new-user").waitFor();
    await desk.locator("#new-login").fill("lisi");
    await desk.locator("#new-name").fill("李四");
    await desk.locator("#new-role").selectOption("representative");
    await desk.locator("#new-password").fill("short");
    await desk.getByRole("button", { name: "创建账号" }).click();
    await desk.getByTestId("admin-message").getByText("填写的内容有误").waitFor();
    await desk.locator("#new-password").fill("rep-secret-1");
    await desk.getByRole("button", { name: "创建账号" }).click();
    await desk.getByTestId("admin-message").getByText("已为“李四”创建账号。").waitFor();
    await desk.getByTestId("admin-users").locator("tr[data-login=lisi]").waitFor();

    const a = await openApp(phoneA.context, server.url, "/settings");
    await screenshotBoth(a, "40-settings-sign-in");
    // A wrong password: a clear message, nothing kept.
    await a.locator("#login").fill("zhangsan");
    await a.locator("#password").fill("wrong-password");
    await a.getByTestId("sign-in-submit").click();
    await a.getByTestId("account-message").getByText("登录名或密码不正确").waitFor();
    await signIn(a, server, "zhangsan", "张三的手机");
    assert.match(await a.getByTestId("signed-in").textContent(), /张三（党代表），本机名称：张三的手机/);
    await screenshotBoth(a, "41-settings-signed-in");

    // Offline: the card is saved on the phone and waits.
    await phoneA.context.setOffline(true);
    await a.goto(server.url + "/");
    await createCard(a, { content: "村口路灯坏了三个月", place: "幸福村" });
    await a.getByTestId("sync-count").getByText("1 项待同步").waitFor();
    await screenshotBoth(a, "42-home-waiting-offline");

    // Back online: it goes by itself (the online event), answered once.
    await phoneA.context.setOffline(false);
    await a.evaluate(() => window.dispatchEvent(new Event("online")));
    await a.getByTestId("sync-count").getByText("全部已同步").waitFor();
    assert.match(await a.getByTestId("sync-last").textContent(), /上次同步/);
    assert.equal((await readRecords(a, "outbox")).length, 0);
    // Its receipt, at version 1: a record of its own or in a batch.
    const received = (await readRecords(a, "receipts")).flatMap((r) =>
      r.key.startsWith("~batch:") ? r.keys.map((key, i) => [key, r.versions[i]]) : [[r.key, r.version]]
    );
    // (The push's answer and the pulled log entry each give it: one card.)
    const cards = new Map(received.filter(([key]) => key.startsWith("opinion_card:")));
    assert.deepEqual([...cards.values()], [1], JSON.stringify(received));
    await screenshotBoth(a, "43-home-synced");

    // A card with a photo, offline: the text goes first, then the photo's bytes.
    await phoneA.context.setOffline(true);
    await a.getByTestId("new-card").click();
    await a.locator("#content").fill("河道里有垃圾堆积");
    await a.locator("#category").selectOption("environment");
    await a.locator("#place").fill("幸福村河边");
    await a.getByTestId("photo-gallery").setInputFiles(fixture("photo-plain.jpg"));
    await a.getByTestId("photos").getByTestId("photo").first().waitFor();
    await a.getByTestId("save").click();
    await a.getByTestId("cards").getByText("河道里有垃圾堆积").click();
    await a.getByTestId("sync-state").getByText("待同步；1 张照片待上传").waitFor();
    await screenshotBoth(a, "46-opinion-waiting-with-photo");
    await phoneA.context.setOffline(false);
    await a.evaluate(() => window.dispatchEvent(new Event("online")));
    await a.waitForFunction(() => /^服务器已收到（[^）]+）$/.test(document.querySelector("[data-testid=sync-state]")?.textContent ?? ""));
    // The server holds exactly the phone's bytes, for this user only.
    const [photo] = await readRecords(a, "photos");
    const account = (await readRecords(a, "settings")).find((v) => v && v.token);
    const got = await fetch(`${server.url}/api/v1/photos/${photo.record.sha256}`, { headers: { authorization: `Bearer ${account.token}` } });
    assert.equal(got.status, 200);
    assert.equal(createHash("sha256").update(Buffer.from(await got.arrayBuffer())).digest("hex"), photo.record.sha256);
    assert.equal((await fetch(`${server.url}/api/v1/photos/${photo.record.sha256}`)).status, 401);
    await a.goto(server.url + "/");

    // The same person's second phone gets it when it signs in.
    const b = await openApp(phoneB.context, server.url, "/settings");
    await signIn(b, server, "zhangsan", "张三的平板");
    await syncedHome(b);
    await b.getByTestId("cards").getByText("村口路灯坏了三个月").waitFor();
    await b.getByTestId("cards").getByText("河道里有垃圾堆积").waitFor();

    // Someone else sees nothing of it.
    const c = await openApp(phoneC.context, server.url, "/settings");
    await signIn(c, server, "lisi", "李四的手机");
    await syncedHome(c);
    assert.equal((await readCards(c)).length, 0);

    // Syncing again sends and doubles nothing.
    await a.getByTestId("sync-now").click();
    await a.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await b.getByTestId("sync-now").click();
    await b.getByTestId("sync-count").getByText("全部已同步").waitFor();
    assert.equal((await readCards(b)).length, 2);

    // Phone B is lost: the administrator revokes it on the admin screen. It is told, and keeps its cards.
    await desk.goto(server.url + "/admin");
    const zhang = desk.getByTestId("admin-users").locator("tr[data-login=zhangsan]");
    await zhang.getByTestId("admin-show-devices").click();
    const tablet = zhang.locator("li[data-device=张三的平板]");
    await screenshotBoth(desk, "45-admin-users-devices");
    await tablet.getByTestId("admin-revoke").click();
    await tablet.getByText("已停用").waitFor();
    assert.equal(await zhang.locator("li[data-device=张三的手机]").getByText("已停用").count(), 0, "only the lost one");
    await b.getByTestId("sync-now").click();
    await b.getByTestId("sync-problem").getByText("同步权限已被收回").waitFor();
    assert.equal((await readCards(b)).length, 2, "nothing wiped");
    await screenshotBoth(b, "44-home-revoked");
  } finally {
    await phoneA.close();
    await phoneB.close();
    await phoneC.close();
    await office.close();
  }
});
