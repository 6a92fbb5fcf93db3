// Browser figures for `cargo xtask bench` (docs/BENCHMARKS.md): offline cold
// start to an interactive form under 4x CPU throttling, the time to commit a
// saved card and a submitted reception card with two opinions to IndexedDB,
// shrinking a 12-megapixel photo, and listing and searching 10,000 cards.
// Prints one JSON object on the last line.
import { rmSync } from "node:fs";
import { startServer, launch, openApp, tempDir } from "./helpers.mjs";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const COLD_STARTS = 7;
const SAVES = 40;
const SUBMITS = 15;
const PHOTOS = 5;
const MANY = 10_000;
const LISTINGS = 5;
const SEARCHES = 10;
const stats = (xs) => ({ median: median(xs), max: Math.max(...xs), runs: xs.length });
const measures = (page, name) =>
  page.evaluate((name) => performance.getEntriesByName(name).map((e) => e.duration), name);

const server = await startServer();
const profile = tempDir("bench-profile");
try {
  // First visit online: the service worker installs and caches the shell.
  let phone = await launch({ profile, keepProfile: true });
  await openApp(phone.context, server.url);
  await phone.close();

  const coldStarts = [];
  for (let i = 0; i < COLD_STARTS; i++) {
    phone = await launch({ profile, keepProfile: true });
    await phone.context.setOffline(true);
    const page = phone.context.pages()[0] ?? (await phone.context.newPage());
    const cdp = await phone.context.newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await page.goto(server.url + "/opinions/new", { waitUntil: "commit" });
    await page.locator("#content").waitFor();
    await page.locator("#content").fill("x"); // interactive: it takes input
    const marks = await page.evaluate(() => {
      const at = (name) => performance.getEntriesByName(name)[0]?.startTime ?? NaN;
      return { start: at("liaison:start"), storage: at("liaison:storage-open"), mounted: at("liaison:form-ready"), now: performance.now() };
    });
    coldStarts.push(marks);
    await phone.close();
  }

  phone = await launch({ profile, keepProfile: true });
  const page = await openApp(phone.context, server.url);
  for (let i = 0; i < SAVES; i++) {
    await page.getByTestId("new-card").click();
    await page.locator("#content").fill(`基准测试意见第 ${i} 条:` + "群众反映的问题".repeat(40));
    await page.locator("#category").selectOption("other");
    await page.locator("#place").fill("基准测试地点");
    await page.getByTestId("save").click();
    await page.getByTestId("new-card").waitFor();
  }
  const saves = await measures(page, "liaison:save-card");
  if (saves.length !== SAVES) throw new Error(`expected ${SAVES} save measures, got ${saves.length}`);

  // A reception card with two opinions, submitted: the card, its opinion cards
  // and the removal of the draft in one transaction.
  const submits = [];
  for (let i = 0; i < SUBMITS; i++) {
    await page.goto(server.url + "/receptions/new");
    await page.locator("#venue").fill("幸福村村委会");
    await page.locator("#representatives").fill("王建国");
    await page.locator("#topic").fill(`基准测试接待 ${i}`);
    await page.locator("#summary").fill("居民反映的问题".repeat(20));
    for (const n of [0, 1]) {
      await page.getByTestId("add-opinion").click();
      await page.locator(`#opinion-${n}-content`).fill(`意见 ${n}:` + "希望尽快解决".repeat(10));
      await page.getByTestId(`opinion-${n}`).locator("select.category").selectOption("urban_construction");
    }
    await page.getByTestId("submit").click();
    await page.getByTestId("reception-detail").waitFor();
    submits.push(...(await measures(page, "liaison:submit-reception")));
  }
  if (submits.length !== SUBMITS) throw new Error(`expected ${SUBMITS} submit measures, got ${submits.length}`);

  // A 12-megapixel photo (4000 x 3000 JPEG, made in the page) shrunk to 1600 px.
  await page.goto(server.url + "/receptions/new");
  await page.getByTestId("photo-gallery").waitFor({ state: "attached" });
  let photoBytes = 0;
  for (let i = 0; i < PHOTOS; i++) {
    photoBytes = await page.evaluate(async (i) => {
      const canvas = document.createElement("canvas");
      canvas.width = 4000;
      canvas.height = 3000;
      const g = canvas.getContext("2d");
      const sky = g.createLinearGradient(0, 0, 4000, 3000);
      sky.addColorStop(0, "#3a6ea5");
      sky.addColorStop(1, `hsl(${i * 50}, 60%, 60%)`);
      g.fillStyle = sky;
      g.fillRect(0, 0, 4000, 3000);
      let seed = 7 + i;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let k = 0; k < 4000; k++) {
        g.fillStyle = `hsl(${random() * 360}, 50%, ${30 + random() * 50}%)`;
        g.fillRect(random() * 4000, random() * 3000, 8 + random() * 120, 8 + random() * 120);
      }
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.92));
      const files = new DataTransfer();
      files.items.add(new File([blob], `IMG_${i}.jpg`, { type: "image/jpeg" }));
      const input = document.querySelector("[data-testid=photo-gallery]");
      input.files = files.files;
      input.dispatchEvent(new Event("change", { bubbles: true }));
      return blob.size;
    }, i);
    await page.getByTestId("photos").getByTestId("photo").nth(i).waitFor();
  }
  const photos = await measures(page, "liaison:photo");
  await phone.close();

  // 10,000 cards on the device: the start screen's first render, and searches.
  phone = await launch();
  const many = await openApp(phone.context, server.url);
  await many.evaluate(async (count) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("liaison");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const words = ["路灯", "停车", "电梯", "垃圾分类", "道路", "学校", "医保", "养老", "供水", "噪音"];
    const tx = db.transaction("opinion_cards", "readwrite");
    const store = tx.objectStore("opinion_cards");
    for (let i = 0; i < count; i++) {
      const hex = i.toString(16).padStart(12, "0");
      const day = new Date(Date.UTC(2026, 0, 1) + i * 1800_000).toISOString().replace(/\.\d+Z$/, "Z");
      store.add({
        v: 2,
        id: `01936f4e-8c2a-7b3d-9f10-${hex}`,
        content: `群众反映${words[i % words.length]}的问题,第 ${i} 条。希望有关部门尽快研究解决。`,
        category: "urban_construction",
        place: `第 ${i % 12} 联系点`,
        collected_at: day,
        urgency: i % 7 ? "normal" : "urgent",
        raised_by: { type: "anonymous" },
        reception: "",
      });
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, MANY);
  const listings = [];
  const duties = [];
  const evaluations = [];
  for (let i = 0; i < LISTINGS; i++) {
    await many.reload();
    await many.getByTestId("card-count").getByText(`${MANY}`).waitFor();
    await many.waitForFunction(() => performance.getEntriesByName("liaison:list").length > 0);
    listings.push(...(await measures(many, "liaison:list")));
    // The start screen's duties, counted by the tools module from the same cards.
    await many.waitForFunction(() => performance.getEntriesByName("liaison:duties").length > 0);
    duties.push(...(await measures(many, "liaison:duties")));
    evaluations.push(...(await measures(many, "liaison:duties-evaluate")));
  }
  for (let i = 0; i < SEARCHES; i++) {
    const before = (await measures(many, "liaison:search")).length;
    await many.locator("#find-text").fill(i % 2 ? "路灯" : "养老 第 9");
    await many.waitForFunction((n) => performance.getEntriesByName("liaison:search").length > n, before);
  }
  const searches = await measures(many, "liaison:search");
  await phone.close();

  console.log(
    JSON.stringify({
      cold_start_offline_4x_ms: {
        median: median(coldStarts.map((m) => m.mounted)),
        max: Math.max(...coldStarts.map((m) => m.mounted)),
        runs: coldStarts.length,
        wasm_started_median: median(coldStarts.map((m) => m.start)),
        storage_open_median: median(coldStarts.map((m) => m.storage)),
        typed_into_form_median: median(coldStarts.map((m) => m.now)),
      },
      save_card_commit_ms: stats(saves),
      submit_reception_two_opinions_ms: stats(submits),
      photo_12mp_shrink_ms: { ...stats(photos), input_bytes: photoBytes },
      list_10k_first_render_ms: stats(listings),
      search_10k_ms: stats(searches),
      duties_10k_ms: stats(duties),
      duties_10k_evaluate_ms: stats(evaluations),
    })
  );
} finally {
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
