import { chromium } from "playwright-core";
const ctx = await chromium.launchPersistentContext("/tmp/idbt/profile" + Date.now(), { executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox", "--disable-gpu"] });
const page = await ctx.newPage();
await page.goto("http://127.0.0.1:8765/");
const r = await page.evaluate(async () => {
  const text = "人".repeat(300);
  const card = (i) => ({ v: 3, id: `01936f4e-8c2a-7b3d-9f10-${i.toString(16).padStart(12, "0")}`, content: text, category: "education", place: "实验小学", collected_at: "2026-11-20T08:00:00Z", collected_by: "张三", raised_by: { type: "anonymous" }, reception: "", urgency: "normal" });
  const out = {};
  for (const per of [1000, 200, 100, 50, 1000, 200, 100, 50]) {
    const name = "t" + per + Math.random();
    const db = await new Promise((res) => { const o = indexedDB.open(name, 1); o.onupgradeneeded = () => { const s = o.result.createObjectStore("p", { keyPath: "page" }); s.createIndex("ids", "ids", { multiEntry: true }); s.createIndex("at", "at", { multiEntry: true }); }; o.onsuccess = () => res(o.result); });
    const pages = [];
    for (let p = 0; p < 10000 / per; p++) { const cards = []; for (let i = 0; i < per; i++) cards.push(card(p * per + i)); pages.push({ page: p, v: 1, ids: cards.map((c) => c.id), at: cards.map((c) => c.collected_at), cards }); }
    const t0 = performance.now();
    // one transaction per 1000 cards, as the sync does
    const perTx = Math.max(1, 1000 / per);
    for (let p = 0; p < pages.length; p += perTx) {
      const tx = db.transaction("p", "readwrite");
      for (let q = p; q < p + perTx; q++) tx.objectStore("p").put(pages[q]);
      await new Promise((res) => (tx.oncomplete = res));
    }
    const t1 = performance.now();
    const all = await new Promise((res) => { const r = db.transaction("p").objectStore("p").getAll(); r.onsuccess = () => res(r.result); });
    let n = 0; for (const p of all) for (const c of p.cards) n += c.content.length > 0 ? 1 : 0;
    const t2 = performance.now();
    out[per] = (out[per] || []).concat([[Math.round(t1 - t0), Math.round(t2 - t1), n]]);
    db.close();
  }
  return out;
});
console.log(JSON.stringify(r));
await ctx.close();
