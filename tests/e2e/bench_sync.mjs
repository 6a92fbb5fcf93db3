// Sync figures for docs/BENCHMARKS.md, with the real app storage in headless
// Chromium against the real server on 127.0.0.1 (`cargo xtask bench` runs it):
// push 10,000 cards of about 1 KB, pull them into an empty phone, 100 changed
// of 10,000, and a sync with nothing to do (on the sync socket, as the app
// does once it is open, and on HTTP alone) — each with its requests. Figures
// only; nothing is asserted but that everything arrived. Prints one JSON
// object on the last line.
import { startDemoServer, launch, openApp, seedCards } from "./helpers.mjs";

/** About 1 KB a card: 300 Chinese characters. */
const TEXT = "群众反映村里的道路年久失修，雨天积水严重，老人和孩子出行很不方便，希望有关部门尽快研究解决。".repeat(7).slice(0, 300);

const MANY = 10_000;
const CHANGED = 100;
// A representative of the demo organisation, as every representative
// belongs to one: each card pushed becomes a matter of its office, whose
// status goes back to the representative's phones.
const { server } = await startDemoServer([["bench", "张三", "representative"]]);

/** Runs one `sync_now` of the tools module; answers its duration and its answer. */
function sync(page) {
  return page.evaluate(async () => {
    const tools = await window.__liaisonTools();
    performance.clearMeasures();
    const start = performance.now();
    const answer = await tools.sync_now();
    const ms = performance.now() - start;
    // Where the time went: the tools' User Timing measures, summed.
    const parts = {};
    for (const name of ["read", "exchange", "fetch", "apply"]) {
      const sum = performance.getEntriesByName(`liaison:sync-${name}`).reduce((t, e) => t + e.duration, 0);
      parts[name] = Math.round(sum * 10) / 10;
    }
    return { ms, parts, ...answer };
  });
}

function signIn(page, device) {
  return page.evaluate((device) => window.__liaisonTools().then((t) => t.sign_in("bench", "rep-secret-1", device)), device);
}

/** Records in a store; for `card_pages`, the cards its pages hold (an entry each in `by_id`). */
function count(page, store) {
  return page.evaluate(
    (store) =>
      new Promise((resolve) => {
        const open = indexedDB.open("liaison");
        open.onsuccess = () => {
          const source = open.result.transaction(store).objectStore(store);
          const r = (store === "card_pages" ? source.index("by_id") : source).count();
          r.onsuccess = () => {
            open.result.close();
            resolve(r.result);
          };
        };
      }),
    store
  );
}

/** `count` photos taken on `page`'s phone, all sent: stored as the app keeps them, with both receipts. */
function seedSentPhotos(page, count) {
  return page.evaluate(async (count) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("liaison");
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const jpeg = new Blob([new Uint8Array(200_000)], { type: "image/jpeg" });
    const thumb = new Blob([new Uint8Array(15_000)], { type: "image/jpeg" });
    const tx = db.transaction(["photos", "receipts"], "readwrite");
    for (let i = 0; i < count; i++) {
      const id = `01936f4e-8c2a-7b3d-9f10-${(0xf0000 + i).toString(16).padStart(12, "0")}`;
      const card = `01936f4e-8c2a-7b3d-9f10-${i.toString(16).padStart(12, "0")}`;
      const record = { v: 1, id, card_kind: "opinion", card_id: card, sha256: i.toString(16).padStart(64, "0"), width: 1600, height: 1200, bytes: 200000 };
      tx.objectStore("photos").put({ seq: i + 1, card: `opinion:${card}`, record, image: jpeg, thumb });
      for (const key of [`photo:${id}`, `photo_bytes:${id}`]) {
        tx.objectStore("receipts").put({ key, version: 1, received_at: "2026-11-20T01:00:00Z" });
      }
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
  }, count);
}

try {
  const one = await launch();
  const two = await launch();
  const a = await openApp(one.context, server.url, "/settings");
  const b = await openApp(two.context, server.url, "/settings");
  await signIn(a, "一号手机");
  await signIn(b, "二号手机");
  // First syncs: each phone learns its cursor (a first sync only pulls).
  await sync(a);
  await sync(b);

  await seedCards(a, { from: 0, count: MANY, text: TEXT });
  const push = await sync(a);
  if ((await count(a, "outbox")) !== 0) throw new Error("the outbox did not empty");
  const pull = await sync(b);
  const cardsOn = async (p) => (await count(p, "opinion_cards")) + (await count(p, "card_pages"));
  if ((await cardsOn(b)) !== MANY) throw new Error("the second phone did not get every card");

  await seedCards(a, { from: MANY, count: CHANGED, text: TEXT });
  const pushChanged = await sync(a);
  const pullChanged = await sync(b);
  if ((await cardsOn(b)) !== MANY + CHANGED) throw new Error("the changed cards did not arrive");
  const noops = [];
  for (let i = 0; i < 5; i++) noops.push(await sync(b));
  noops.sort((x, y) => x.ms - y.ms);

  // The same after a year of use: 400 photos taken on this phone, all sent
  // (each with its JPEG and thumbnail, and the receipts of its description
  // and bytes).
  await seedSentPhotos(b, 400);
  const photoNoops = [];
  for (let i = 0; i < 5; i++) photoNoops.push(await sync(b));
  photoNoops.sort((x, y) => x.ms - y.ms);

  // The same on a phone whose network refuses WebSockets: every request on HTTP.
  const three = await launch();
  const c = await openApp(three.context, server.url, "/settings");
  await c.routeWebSocket("**/api/v1/sync/socket", (ws) => ws.close({ code: 1011, reason: "refused" }));
  await signIn(c, "三号手机");
  await sync(c);
  const httpNoops = [];
  for (let i = 0; i < 5; i++) httpNoops.push(await sync(c));
  httpNoops.sort((x, y) => x.ms - y.ms);
  await three.close();

  // For scale: what plain IndexedDB costs in this browser, with no app code:
  // 10,000 small objects, then 10,000 opinion cards shaped as the app stores
  // them (the fields of a v3 card, 300 characters of content, the store's one
  // index on `collected_at`) — the least a pull of 10,000 cards must write
  // while each card is its own record. Then the same 10,000 cards kept a
  // hundred to a record, findable by id and by time through two multiEntry
  // indexes: what the browser charges is mostly per record, not per byte.
  const floor = await b.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open("bench-floor", 1);
      open.onupgradeneeded = () => {
        open.result.createObjectStore("cards", { keyPath: "id" });
        open.result.createObjectStore("opinion_cards", { keyPath: "id" }).createIndex("by_collected_at", "collected_at");
        const pages = open.result.createObjectStore("card_pages", { keyPath: "page" });
        pages.createIndex("by_id", "ids", { multiEntry: true });
        pages.createIndex("by_collected_at", "at", { multiEntry: true });
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const text = "群众反映村里的道路年久失修，雨天积水严重，老人和孩子出行很不方便。".repeat(10).slice(0, 300);
    const written = async (store, make, count = 10_000) => {
      const start = performance.now();
      const tx = db.transaction(store, "readwrite");
      for (let i = 0; i < count; i++) tx.objectStore(store).put(make(i));
      await new Promise((resolve) => (tx.oncomplete = resolve));
      return performance.now() - start;
    };
    const puts = await written("cards", (i) => ({ id: `card-${i}`, content: text, n: i }));
    const start = performance.now();
    await new Promise((resolve) => (db.transaction("cards").objectStore("cards").getAll().onsuccess = resolve));
    const getAll = performance.now() - start;
    const card = (i) => ({
      v: 3,
      id: `01936f4e-8c2a-7b3d-9f10-${i.toString(16).padStart(12, "0")}`,
      content: text,
      category: "urban_construction",
      place: "城关镇党代表工作室",
      collected_at: "2026-11-20T01:00:00Z",
      urgency: "urgent",
      raised_by: { type: "walk_in", name: "赵六", phone: "13912345678" },
      collected_by: "王建国",
    });
    const cards = await written("opinion_cards", card);
    const paged = await written(
      "card_pages",
      (p) => {
        const page = Array.from({ length: 100 }, (_, i) => card(p * 100 + i));
        return { page: p, ids: page.map((c) => c.id), at: page.map((c) => `${c.collected_at} ${c.id}`), cards: page };
      },
      100
    );
    // Each read touches every card's content, so nothing is left unread.
    const readAll = async (store, cardsOf) => {
      const start = performance.now();
      const records = await new Promise((resolve) => {
        const request = db.transaction(store).objectStore(store).getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const read = cardsOf(records).reduce((n, c) => n + (c.content.length > 0 ? 1 : 0), 0);
      if (read !== 10_000) throw new Error(`read ${read} cards of ${store}`);
      return performance.now() - start;
    };
    const cardsRead = await readAll("opinion_cards", (records) => records);
    const pagesRead = await readAll("card_pages", (pages) => pages.flatMap((p) => p.cards));
    db.close();
    const ms = (x) => Math.round(x * 10) / 10;
    return {
      puts_10k_ms: ms(puts),
      get_all_10k_ms: ms(getAll),
      card_puts_10k_ms: ms(cards),
      card_pages_10k_ms: ms(paged),
      card_get_all_10k_ms: ms(cardsRead),
      card_pages_get_all_10k_ms: ms(pagesRead),
    };
  });
  const figure = (r) => ({ ms: Math.round(r.ms * 10) / 10, requests: r.requests, sent: r.sent, received: r.received, parts: r.parts });
  console.log(
    JSON.stringify({
      push_10k: figure(push),
      pull_10k_into_empty: figure(pull),
      push_100_of_10k: figure(pushChanged),
      pull_100_of_10k: figure(pullChanged),
      noop_median: figure(noops[2]),
      noop_http_median: figure(httpNoops[2]),
      noop_400_photos_median: figure(photoNoops[2]),
      indexeddb_floor: floor,
    })
  );
  await one.close();
  await two.close();
} finally {
  await server.stop();
}
