// Field capture, fully offline at 360x740: contacts, a reception card with
// attendees (picked and walk-in) and opinions, a reload in the middle of typing,
// Chinese IME input, and refused input.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  startServer, launch, openApp, screenshot, screenshotBoth, countRecords, readRecords, waitForDraft, fixture, readPhotos,
} from "./helpers.mjs";

let server;
before(async () => {
  server = await startServer();
});
after(async () => {
  await server?.stop();
});

/** Opens the app once online (installing it), then cuts the network for good. */
async function offlinePhone() {
  const phone = await launch();
  const page = await openApp(phone.context, server.url);
  await phone.context.setOffline(true);
  await page.reload();
  await page.getByTestId("network").getByText("离线").waitFor();
  return { ...phone, page };
}

async function addContact(page, { name, phone = "", member = false, tags = [] }) {
  await page.locator("#contact-name").fill(name);
  await page.locator("#contact-phone").fill(phone);
  if (member) await page.locator("#contact-kind").selectOption("member");
  for (const tag of tags) await page.getByLabel(tag).check();
  await page.getByTestId("save-contact").click();
  await page.getByTestId("contacts").getByText(name).waitFor();
}

test("a reception card with picked and walk-in attendees and two opinions, captured offline, survives a reload mid-typing", async () => {
  const { page, close } = await offlinePhone();
  // Taps and keystroke groups a user makes for the card itself (contacts are set up once, beforehand).
  let steps = 0;
  const step = async (action) => {
    steps += 1;
    await action();
  };
  try {
    await page.getByTestId("nav-contacts").click();
    await addContact(page, { name: "张三", phone: "13812345678", member: true, tags: ["老同志"] });
    await addContact(page, { name: "李四", phone: "", tags: ["困难群众"] });
    assert.equal(await countRecords(page, "contacts"), 2);
    await page.locator("#contact-filter").fill("zs");
    assert.deepEqual(await page.getByTestId("contacts").locator(".contact strong").allTextContents(), ["张三"]);
    await screenshotBoth(page, "20-contacts-search-zs");

    await page.goto(server.url + "/");
    await step(() => page.getByTestId("new-reception").click());
    await page.locator("#kind").waitFor();
    await step(() => page.locator("#kind").selectOption("forum"));
    await step(() => page.locator("#venue").fill("幸福村村委会"));
    await step(() => page.locator("#representatives").fill("王建国、李红梅"));
    await step(() => page.locator("#contact-search").fill("zs"));
    await step(() => page.getByTestId("contact-matches").getByRole("button", { name: "张三" }).click());
    await step(() => page.locator("#contact-search").fill("ls"));
    await step(() => page.getByTestId("contact-matches").getByRole("button", { name: "李四" }).click());
    await step(() => page.locator("#walk-in-name").fill("赵六"));
    await step(() => page.locator("#walk-in-phone").fill("139 1234 5678"));
    await step(() => page.getByTestId("add-walk-in").click());
    assert.equal(await page.getByTestId("attendees").locator(".chip").count(), 3);
    await step(() => page.locator("#topic").fill("老旧小区改造"));
    await step(() => page.locator("#summary").fill("居民反映加装电梯和停车难的问题,"));

    // Photos: one from the camera (a 6-megapixel picture with GPS in its EXIF,
    // taken upright), one from the gallery; a damaged file and a text file are
    // refused with the reason, and the card is untouched.
    const photos = page.getByTestId("photos");
    await step(() => page.getByTestId("photo-camera").setInputFiles(fixture("photo-gps.jpg")));
    await photos.getByTestId("photo").first().waitFor();
    await step(() => page.getByTestId("photo-gallery").setInputFiles(fixture("photo-plain.jpg")));
    await photos.getByTestId("photo").nth(1).waitFor();
    await page.getByTestId("photo-gallery").setInputFiles([fixture("broken.jpg"), fixture("notes.txt")]);
    const problems = page.getByTestId("photo-problems");
    await problems.getByText("文件 broken.jpg：这张图片无法读取（文件可能已损坏），没有添加。卡片没有改动。").waitFor();
    await problems.getByText("文件 notes.txt：这个文件不是图片，没有添加。卡片没有改动。").waitFor();
    assert.equal(await photos.getByTestId("photo").count(), 2);
    assert.equal(await page.getByTestId("photo-count").textContent(), "2 / 9 张");
    await screenshotBoth(page, "27-reception-form-photos");

    // The draft reaches IndexedDB while typing; a reload (or a killed tab) loses nothing.
    await waitForDraft(page, `(d) => d.input.summary.includes("停车难")`);
    const url = page.url();
    await page.reload();
    await page.locator("#summary").waitFor();
    assert.equal(page.url(), url);
    assert.equal(await page.locator("#summary").inputValue(), "居民反映加装电梯和停车难的问题,");
    assert.equal(await page.locator("#venue").inputValue(), "幸福村村委会");
    assert.equal(await page.getByTestId("attendees").locator(".chip").count(), 3);
    await page.getByTestId("photos").getByTestId("photo").nth(1).waitFor();
    assert.equal(await page.getByTestId("draft-badge").textContent(), "草稿");
    await step(() => page.locator("#summary").press("End"));
    await step(() => page.locator("#summary").pressSequentially("希望尽快解决。"));

    await step(() => page.getByTestId("add-opinion").click());
    await step(() => page.locator("#opinion-0-content").fill("希望加装电梯"));
    await step(() => page.getByTestId("opinion-0").locator("select.category").selectOption("urban_construction"));
    await step(() => page.getByTestId("opinion-0").locator("select.raised-by").selectOption({ label: "赵六" }));
    await step(() => page.getByTestId("add-opinion").click());
    await step(() => page.locator("#opinion-1-content").fill("小区停车位不足"));
    await step(() => page.getByTestId("opinion-1").locator("select.category").selectOption("public_order"));
    await step(() => page.getByTestId("opinion-1").locator("select.urgency").selectOption("urgent"));
    await screenshotBoth(page, "21-reception-form-filled");

    await step(() => page.getByTestId("submit").click());
    await page.getByTestId("reception-detail").waitFor();
    assert.equal(await page.getByTestId("reception-opinions").locator(".card").count(), 2);
    await screenshotBoth(page, "22-reception-detail");

    const receptions = await readRecords(page, "reception_cards");
    assert.equal(receptions.length, 1);
    assert.equal(receptions[0].kind, "forum");
    assert.deepEqual(receptions[0].representatives, ["王建国", "李红梅"]);
    assert.deepEqual(receptions[0].attendees.map((a) => [a.type, a.name, a.phone ?? null]), [
      ["contact", "张三", "13812345678"],
      ["contact", "李四", null],
      ["walk_in", "赵六", "13912345678"],
    ]);
    const opinions = await readRecords(page, "opinion_cards");
    assert.equal(opinions.length, 2);
    for (const o of opinions) {
      assert.equal(o.v, 3);
      assert.equal(o.collected_by, "王建国", "collected by the first representative present");
      assert.equal(o.reception, receptions[0].id);
      assert.equal(o.place, "幸福村村委会");
    }
    assert.deepEqual(opinions.find((o) => o.content === "希望加装电梯").raised_by, { type: "walk_in", name: "赵六", phone: "13912345678" });
    assert.equal(opinions.find((o) => o.content === "小区停车位不足").urgency, "urgent");
    assert.equal(await countRecords(page, "drafts"), 0, "the draft is gone once submitted");

    // The photos: shrunk JPEGs of the card, upright, with no EXIF (no GPS) left.
    const kept = await readPhotos(page);
    assert.equal(kept.length, 2);
    const [upright, plain] = kept.sort((a, b) => b.record.height - a.record.height);
    assert.deepEqual([upright.record.width, upright.record.height], [1067, 1600], "turned upright by its EXIF orientation, then shrunk");
    assert.deepEqual([plain.record.width, plain.record.height], [1200, 900], "a small photo keeps its size");
    for (const photo of kept) {
      assert.equal(photo.card, `reception:${receptions[0].id}`);
      assert.equal(photo.record.card_id, receptions[0].id);
      assert.ok(photo.jpeg);
      assert.equal(photo.size, photo.record.bytes);
      assert.match(photo.record.sha256, /^[0-9a-f]{64}$/);
      assert.ok(!photo.markers.includes("e1"), `no EXIF segment: ${photo.markers}`);
      assert.ok(photo.thumbSize < photo.size);
    }
    assert.equal(await page.getByTestId("reception-detail").getByTestId("photo").count(), 2);

    // A submitted card never changes; corrections are appended as addenda.
    const before = JSON.stringify(await readRecords(page, "reception_cards"));
    await page.getByTestId("add-addendum").click();
    assert.equal(await page.getByTestId("error-addendum").textContent(), "此项必填。");
    await page.locator("#addendum").fill("会后补充:还有两户居民反映停车难。");
    await page.getByTestId("add-addendum").click();
    await page.getByTestId("addenda").getByText("会后补充:还有两户居民反映停车难。").waitFor();
    await page.locator("#addendum").fill("第二条补充说明");
    await page.getByTestId("add-addendum").click();
    await page.getByTestId("addenda").getByText("第二条补充说明").waitFor();
    await page.reload();
    await page.getByTestId("addenda").getByText("第二条补充说明").waitFor();
    assert.deepEqual(await page.getByTestId("addenda").locator("li").allTextContents(), [
      "会后补充:还有两户居民反映停车难。",
      "第二条补充说明",
    ]);
    assert.equal(JSON.stringify(await readRecords(page, "reception_cards")), before, "the card itself is unchanged");

    // The print view is laid out like the paper card: title, bordered fields, no app chrome.
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByText("接待、约见党员群众活动记录卡").isVisible(), true);
    assert.equal(await page.locator("header.bar").isVisible(), false);
    assert.equal(await page.getByTestId("print").isVisible(), false);
    assert.equal(await page.getByTestId("reception-detail").getByTestId("photo").first().isVisible(), true, "photos are printed");
    await screenshot(page, "25-reception-print");
    await page.emulateMedia({ media: "screen" });

    await page.goto(server.url + "/");
    await page.getByTestId("receptions").getByText("老旧小区改造").waitFor();
    assert.match(await page.getByTestId("receptions").textContent(), /2 条意见/);
    await page.getByTestId("receptions").getByTestId("card-thumb").waitFor();
    await screenshotBoth(page, "23-home-with-reception");
    // A photo counts as one step: the camera's own shutter and confirm taps are the phone's, not the app's.
    console.log(`# taps and keystroke groups for a reception card with 3 attendees, 2 opinions and 2 photos: ${steps}`);
  } finally {
    await close();
  }
});

test("Chinese IME composition is never broken by autosave", async () => {
  const { page, context, close } = await offlinePhone();
  try {
    await page.getByTestId("new-reception").click();
    await page.locator("#summary").click();
    const cdp = await context.newCDPSession(page);
    // Type pinyin through the IME: "nihao" is composed, then committed as 你好.
    for (const partial of ["n", "ni", "nih", "niha", "nihao"]) {
      await cdp.send("Input.imeSetComposition", { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
    }
    await cdp.send("Input.insertText", { text: "你好" });
    for (const partial of ["s", "sh", "shi", "shij", "shijie"]) {
      await cdp.send("Input.imeSetComposition", { text: partial, selectionStart: partial.length, selectionEnd: partial.length });
    }
    await cdp.send("Input.insertText", { text: "世界" });
    assert.equal(await page.locator("#summary").inputValue(), "你好世界");
    await waitForDraft(page, `(d) => d.input.summary === "你好世界"`);
    const drafts = await readRecords(page, "drafts");
    assert.ok(!drafts.some((d) => /[a-z]/.test(d.input.summary)), "no half-composed pinyin was saved");
  } finally {
    await close();
  }
});

test("invalid reception cards show Chinese errors next to the fields and save nothing", async () => {
  const { page, close } = await offlinePhone();
  try {
    await page.getByTestId("new-reception").click();
    await page.locator("#ended-at").fill("2000-01-01T08:00");
    await page.getByTestId("add-opinion").click();
    await page.getByTestId("submit").click();
    assert.equal(await page.getByTestId("error-venue").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-representatives").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-topic").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-summary").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("error-ended-at").textContent(), "结束时间不能早于开始时间。");
    assert.equal(await page.getByTestId("error-opinion-0-content").textContent(), "此项必填。");
    assert.equal(await page.getByTestId("form-failure").textContent(), "请先改正标出的错误。");
    await screenshotBoth(page, "24-reception-errors");

    await page.locator("#walk-in-name").fill("王五");
    await page.locator("#walk-in-phone").fill("12345");
    await page.getByTestId("add-walk-in").click();
    await page.getByTestId("submit").click();
    await page.getByTestId("attendees").getByText("请输入 11 位手机号码。").waitFor();
    assert.equal(await countRecords(page, "reception_cards"), 0);
    assert.equal(await countRecords(page, "opinion_cards"), 0);

    // Deleting a draft asks first.
    page.once("dialog", (dialog) => dialog.dismiss());
    await page.getByTestId("delete-draft").click();
    assert.equal(await page.locator("#topic").count(), 1, "dismissing keeps the draft open");
    page.once("dialog", (dialog) => dialog.accept());
    await page.getByTestId("delete-draft").click();
    await page.getByTestId("new-reception").waitFor();
    await page.waitForFunction(() => !location.pathname.startsWith("/receptions"));
    assert.equal(await countRecords(page, "drafts"), 0);
  } finally {
    await close();
  }
});

async function createReception(page, { kind, venue, topic, summary, opinion, category }) {
  await page.getByTestId("new-reception").click();
  await page.locator("#kind").selectOption(kind);
  await page.locator("#venue").fill(venue);
  await page.locator("#representatives").fill("王建国");
  await page.locator("#topic").fill(topic);
  await page.locator("#summary").fill(summary);
  if (opinion) {
    await page.getByTestId("add-opinion").click();
    await page.locator("#opinion-0-content").fill(opinion);
    await page.getByTestId("opinion-0").locator("select.category").selectOption(category);
  }
  await page.getByTestId("submit").click();
  await page.getByTestId("reception-detail").waitFor();
  await page.goto(page.url().replace(/\/receptions\/.*$/, "/"));
}

test("cards are found by words, kind, category, state and date", async () => {
  const { page, close } = await offlinePhone();
  const shownReceptions = () => page.getByTestId("receptions").locator(".card").allTextContents();
  const shownOpinions = () => page.getByTestId("cards").locator(".card .content").allTextContents();
  try {
    await createReception(page, {
      kind: "forum", venue: "幸福村村委会", topic: "老旧小区改造", summary: "加装电梯", opinion: "停车位不足", category: "public_order",
    });
    await createReception(page, { kind: "lecture", venue: "城关镇党校", topic: "学习党的二十大精神", summary: "专题讲座" });
    await page.getByTestId("new-card").click();
    await page.locator("#content").fill("学校门口交通拥堵");
    await page.locator("#category").selectOption("education");
    await page.locator("#place").fill("实验小学");
    await page.getByTestId("save").click();
    await page.getByTestId("cards").getByText("学校门口交通拥堵").waitFor();
    // A draft, left unfinished.
    await page.getByTestId("new-reception").click();
    await page.locator("#topic").fill("未完成的走访");
    await waitForDraft(page, `(d) => d.input.topic === "未完成的走访"`);
    await page.goto(server.url + "/");
    await page.getByTestId("receptions").getByText("未完成的走访").waitFor();
    assert.equal((await shownReceptions()).length, 3);
    assert.equal((await shownOpinions()).length, 2);

    await page.locator("#find-text").fill("电梯");
    assert.equal((await shownReceptions()).length, 1);
    assert.match((await shownReceptions())[0], /老旧小区改造/);
    assert.deepEqual(await shownOpinions(), []);
    await screenshotBoth(page, "26-find-text");

    await page.locator("#find-text").fill("学校");
    assert.deepEqual(await shownOpinions(), ["学校门口交通拥堵"]);
    assert.equal((await shownReceptions()).length, 0);

    await page.locator("#find-text").fill("");
    await page.locator("#find-kind").selectOption("lecture");
    assert.equal((await shownReceptions()).length, 1);
    assert.match((await shownReceptions())[0], /学习党的二十大精神/);
    assert.deepEqual(await shownOpinions(), [], "opinion cards have no activity kind");

    await page.locator("#find-kind").selectOption("");
    await page.locator("#find-category").selectOption("public_order");
    assert.deepEqual(await shownOpinions(), ["停车位不足"]);
    assert.match((await shownReceptions()).join(), /老旧小区改造/);
    assert.equal((await shownReceptions()).length, 1);

    await page.locator("#find-category").selectOption("");
    await page.locator("#find-state").selectOption("drafts");
    assert.equal((await shownReceptions()).length, 1);
    assert.match((await shownReceptions())[0], /未完成的走访/);
    assert.deepEqual(await shownOpinions(), []);

    await page.locator("#find-state").selectOption("submitted");
    await page.locator("#find-from").fill("2000-01-01");
    await page.locator("#find-to").fill("2000-01-31");
    assert.equal((await shownReceptions()).length, 0);
    assert.equal((await shownOpinions()).length, 0);
    await page.getByText("没有符合条件的卡片。").waitFor();
    await page.getByRole("button", { name: "清除条件" }).click();
    assert.equal((await shownReceptions()).length, 3);
    assert.equal((await shownOpinions()).length, 2);
  } finally {
    await close();
  }
});

test("an opinion card on its own: a photo, a reload mid-typing, saved, then its detail with addenda and print view", async () => {
  const { page, close } = await offlinePhone();
  try {
    await page.getByTestId("new-card").click();
    await page.locator("#content").fill("村口路灯坏了三个月,晚上出行不安全。");
    await page.locator("#category").selectOption("urban_construction");
    await page.locator("#urgency").selectOption("urgent");
    await page.locator("#place").fill("幸福村村口");
    await page.locator("#raiser-name").fill("钱七");
    await page.locator("#raiser-phone").fill("13711112222");
    assert.equal(await page.locator("#collected-by").inputValue(), "", "nobody signed a card on this phone yet");
    await page.locator("#collected-by").fill("李红梅");
    await page.getByTestId("photo-camera").setInputFiles(fixture("photo-plain.jpg"));
    await page.getByTestId("photos").getByTestId("photo").first().waitFor();

    // The draft is in IndexedDB; a reload (or a killed tab) loses nothing.
    await waitForDraft(page, `(d) => d.input.raised_by.phone === "13711112222"`, "opinion_drafts");
    const url = page.url();
    assert.match(url, /\/opinions\/edit\/[0-9a-f-]{36}$/);
    await page.reload();
    await page.locator("#content").waitFor();
    assert.equal(await page.locator("#content").inputValue(), "村口路灯坏了三个月,晚上出行不安全。");
    assert.equal(await page.locator("#raiser-name").inputValue(), "钱七");
    await page.getByTestId("photos").getByTestId("photo").first().waitFor();
    await screenshotBoth(page, "37-opinion-form-draft");

    await page.getByTestId("save").click();
    await page.getByTestId("cards").getByText("村口路灯坏了三个月").waitFor();
    assert.equal(await countRecords(page, "opinion_drafts"), 0, "the draft is gone once saved");
    const [card] = await readRecords(page, "opinion_cards");
    assert.equal(card.urgency, "urgent");
    assert.deepEqual(card.raised_by, { type: "walk_in", name: "钱七", phone: "13711112222" });
    assert.equal(card.collected_by, "李红梅");
    const [photo] = await readPhotos(page);
    assert.equal(photo.card, `opinion:${card.id}`);
    await page.getByTestId("cards").getByTestId("card-thumb").waitFor();

    await page.getByTestId("cards").getByText("村口路灯坏了三个月").click();
    const detail = page.getByTestId("opinion-detail");
    await detail.waitFor();
    assert.match(await detail.textContent(), /钱七 137\*{4}2222/);
    assert.equal(await detail.getByTestId("collected-by").textContent(), "李红梅");
    await detail.getByTestId("photo").first().waitFor();
    await page.locator("#addendum").fill("已转交村委会处理。");
    await page.getByTestId("add-addendum").click();
    await page.getByTestId("addenda").getByText("已转交村委会处理。").waitFor();
    await screenshotBoth(page, "38-opinion-detail");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.getByText("社情民意收集卡").first().isVisible(), true);
    assert.equal(await page.getByTestId("print").isVisible(), false);
    await screenshot(page, "39-opinion-print");
    await page.emulateMedia({ media: "screen" });

    // The next card on this phone is signed by the same person, until changed.
    await page.goto(page.url().replace(/\/opinions\/.*$/, "/opinions/new"));
    await page.locator("#collected-by").waitFor();
    assert.equal(await page.locator("#collected-by").inputValue(), "李红梅");
  } finally {
    await close();
  }
});
