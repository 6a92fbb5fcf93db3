// Photos between phones: a card's photos taken on one phone show on the same
// representative's other phone as thumbnails fetched from the server when
// the card is opened (a placeholder offline), the full photo on a tap; and a
// photo whose upload is cut halfway continues from where the server stands.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { startServer, launch, openApp, screenshotBoth, readRecords, createAccounts, fixture, BIN, signIn } from "./helpers.mjs";

/** The size of the pieces the phone uploads a photo in (app/tools/src/sync.rs `PIECE`). */
const PIECE = 512 * 1024;

let server;
before(async () => {
  server = await startServer();
  execFileSync(BIN, ["demo", "--data-dir", server.dataDir]);
  await createAccounts(server, [["zhangsan", "张三"]]);
});
after(async () => {
  await server?.stop();
});

const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");

/** The device token a signed-in phone keeps. */
async function tokenOf(page) {
  return (await readRecords(page, "settings")).find((v) => v && v.token).token;
}

/** Saves an opinion card with one photo (`files` as for setInputFiles) and opens its detail. */
async function cardWithPhoto(page, content, files) {
  await page.getByTestId("new-card").click();
  await page.locator("#content").fill(content);
  await page.locator("#category").selectOption("environment");
  await page.locator("#place").fill("幸福村");
  await page.getByTestId("photo-gallery").setInputFiles(files);
  await page.getByTestId("photos").getByTestId("photo").first().waitFor();
  await page.getByTestId("save").click();
  await page.getByTestId("cards").getByText(content).click();
}

/** Waits until the open card's detail says the server has it and no photo is still to go. */
async function receivedWithPhotos(page) {
  await page.waitForFunction(
    () => /^服务器已收到（[^）]+）$/.test(document.querySelector("[data-testid=sync-state]")?.textContent ?? ""),
    null,
    { timeout: 30_000 }
  );
}

/** The photos kept on a phone, as what each object holds (pulled ones may have no blobs). */
function keptPhotos(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("liaison");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction("photos").objectStore("photos").getAll();
          request.onerror = () => reject(request.error);
          request.onsuccess = async () => {
            db.close();
            const hex = async (blob) =>
              blob ? [...new Uint8Array(await crypto.subtle.digest("SHA-256", await blob.arrayBuffer()))].map((b) => b.toString(16).padStart(2, "0")).join("") : null;
            const out = [];
            for (const p of request.result) {
              out.push({ card: p.card, record: p.record, pulled: p.pulled === true, image: await hex(p.image), thumb: p.thumb ? p.thumb.size : null });
            }
            resolve(out);
          };
        };
      })
  );
}

/** The first photo `<img>` of the card detail once it has loaded: its natural width. */
async function shownWidth(page, predicate) {
  const handle = await page.waitForFunction(
    (source) => {
      const img = document.querySelector("[data-testid=opinion-detail] img[data-testid=photo]");
      return img && img.complete && new Function("w", `return ${source}`)(img.naturalWidth) ? img.naturalWidth : null;
    },
    predicate,
    { timeout: 30_000 }
  );
  return handle.jsonValue();
}

test("the same person's other phone shows a card's photo from the server: a thumbnail, the full photo on a tap, a placeholder offline", async () => {
  const phoneA = await launch();
  const phoneB = await launch();
  try {
    const a = await openApp(phoneA.context, server.url, "/settings");
    await signIn(a, server, "zhangsan", "张三的手机");
    await a.goto(server.url + "/");
    await cardWithPhoto(a, "村委会门口的台阶破损", fixture("photo-plain.jpg"));
    await receivedWithPhotos(a);
    const [taken] = await readRecords(a, "photos");

    // The other phone pulls the card and its photo's description, no bytes.
    const b = await openApp(phoneB.context, server.url, "/settings");
    await signIn(b, server, "zhangsan", "张三的平板");
    await b.goto(server.url + "/");
    await b.getByTestId("sync-count").getByText("全部已同步").waitFor();
    await b.getByTestId("cards").getByText("村委会门口的台阶破损").waitFor();
    let kept = await keptPhotos(b);
    assert.deepEqual(kept, [{ card: taken.card, record: taken.record, pulled: true, image: null, thumb: null }]);
    assert.equal((await readRecords(b, "outbox")).length, 0, "nothing of it goes back");

    // Offline before opening: a placeholder that says why, and no error.
    await phoneB.context.setOffline(true);
    await b.getByTestId("cards").getByText("村委会门口的台阶破损").click();
    const detail = b.getByTestId("opinion-detail");
    await detail.getByTestId("photo-note").getByText("照片在服务器上，联网后显示。").waitFor();
    assert.equal(await detail.getByTestId("photo").count(), 0);
    assert.equal(await detail.locator(".photo-placeholder").count(), 1);
    assert.doesNotMatch(await b.getByTestId("sync-state").textContent(), /待上传/, "not this phone's to upload");
    await screenshotBoth(b, "47-opinion-photo-on-server-offline");

    // Back online with the card open: the server's thumbnail, kept on the phone.
    await phoneB.context.setOffline(false);
    await b.evaluate(() => window.dispatchEvent(new Event("online")));
    const thumbWidth = await shownWidth(b, "w > 0");
    assert.ok(thumbWidth > 0 && thumbWidth <= 320, `thumbnail ${thumbWidth} px wide`);
    assert.equal(await detail.getByTestId("photo-note").count(), 0);
    await screenshotBoth(b, "48-opinion-photo-thumbnail-from-server");
    kept = await keptPhotos(b);
    assert.ok(kept[0].thumb > 0 && kept[0].image === null, JSON.stringify(kept));

    // A tap: the full photo, checked against its SHA-256 and kept.
    await detail.getByRole("button", { name: "查看第 1 张照片原图" }).click();
    assert.equal(await shownWidth(b, "w > 320"), taken.record.width);
    kept = await keptPhotos(b);
    assert.equal(kept[0].image, taken.record.sha256);
    assert.equal((await readRecords(b, "outbox")).length, 0);
    await screenshotBoth(b, "49-opinion-photo-full-from-server");

    // Offline now, it is still there (kept), with no placeholder.
    await phoneB.context.setOffline(true);
    await b.reload();
    await shownWidth(b, "w > 0");
    assert.equal(await detail.getByTestId("photo-note").count(), 0);
  } finally {
    await phoneA.close();
    await phoneB.close();
  }
});

test("a photo upload cut in the middle resumes from the server's offset", async () => {
  const phone = await launch();
  try {
    const page = await openApp(phone.context, server.url, "/settings");
    await signIn(page, server, "zhangsan", "张三的相机");
    await page.goto(server.url + "/");
    // A noisy picture, so the phone's JPEG (≤ 1,600 px) needs several pieces.
    const noisy = await page.evaluate(async () => {
      const canvas = document.createElement("canvas");
      canvas.width = 1600;
      canvas.height = 1200;
      const context = canvas.getContext("2d");
      const pixels = context.createImageData(1600, 1200);
      let x = 2463534242;
      for (let i = 0; i < pixels.data.length; i += 4) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        pixels.data.set([x & 255, (x >>> 8) & 255, (x >>> 16) & 255, 255], i);
      }
      context.putImageData(pixels, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.95));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    });

    // Every piece's offset; the second piece never arrives and the network goes.
    const offsets = [];
    let cut;
    const wasCut = new Promise((resolve) => (cut = resolve));
    await page.route(/\/api\/v1\/photos\/[0-9a-f]{64}\/upload\?offset=\d+$/, async (route) => {
      const request = route.request();
      if (request.method() !== "PUT") return route.continue();
      offsets.push(Number(new URL(request.url()).searchParams.get("offset")));
      if (offsets.length === 2) {
        await phone.context.setOffline(true);
        await route.abort("internetdisconnected");
        cut();
        return;
      }
      await route.continue();
    });
    await cardWithPhoto(page, "河边的护栏被冲坏了", { name: "noisy.jpg", mimeType: "image/jpeg", buffer: Buffer.from(noisy) });
    await wasCut;
    // (The same person's card from the test before is here too, pulled.)
    const [photo] = (await readRecords(page, "photos")).filter((p) => !p.pulled);
    const size = photo.record.bytes;
    assert.ok(size > 2 * PIECE, `the photo is ${size} bytes: more than two pieces`);
    await page.getByTestId("sync-state").getByText("1 张照片待上传").waitFor();

    // The server holds the first piece of it, for this phone.
    const token = await tokenOf(page);
    const status = await fetch(`${server.url}/api/v1/photos/${photo.record.sha256}/upload`, { headers: { authorization: `Bearer ${token}` } });
    const held = await status.json();
    assert.deepEqual(held, { offset: PIECE, complete: false });
    assert.ok(held.offset > 0 && held.offset < size);

    // Back online: the next sync continues from there, never from the start.
    await phone.context.setOffline(false);
    await page.evaluate(() => window.dispatchEvent(new Event("online")));
    await receivedWithPhotos(page);
    const resumed = offsets.slice(2);
    assert.equal(resumed[0], held.offset, `resumed at ${resumed[0]}: ${offsets}`);
    resumed.forEach((offset, n) => assert.equal(offset, held.offset + n * PIECE, `pieces in order: ${offsets}`));
    assert.equal(resumed.length, Math.ceil((size - held.offset) / PIECE), `${offsets}`);

    // What the server has is exactly the phone's photo.
    const got = await fetch(`${server.url}/api/v1/photos/${photo.record.sha256}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(got.status, 200);
    assert.equal(sha256(Buffer.from(await got.arrayBuffer())), photo.record.sha256);
  } finally {
    await phone.close();
  }
});
