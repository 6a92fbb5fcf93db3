// Browser figures for `cargo xtask bench` (docs/BENCHMARKS.md): offline cold
// start to an interactive form under 4x CPU throttling, and the time to commit
// a saved card to IndexedDB. Prints one JSON object on the last line.
import { rmSync } from "node:fs";
import { startServer, launch, openApp, tempDir } from "./helpers.mjs";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const COLD_STARTS = 7;
const SAVES = 40;

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
      return { start: at("liaison:start"), storage: at("liaison:storage-open"), mounted: at("liaison:mounted"), now: performance.now() };
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
  const saves = await page.evaluate(() =>
    performance.getEntriesByName("liaison:save-card").map((e) => e.duration)
  );
  await phone.close();
  if (saves.length !== SAVES) throw new Error(`expected ${SAVES} save measures, got ${saves.length}`);

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
      save_card_commit_ms: { median: median(saves), max: Math.max(...saves), runs: saves.length },
    })
  );
} finally {
  await server.stop();
  rmSync(profile, { recursive: true, force: true });
}
