// Registers the service worker and tells the app (wasm) when a new version is
// waiting: it sets window.__liaisonUpdateReady and dispatches
// "liaison:update-ready". window.__liaisonApplyUpdate() activates it; the page
// reloads once the new worker controls it. It also links the app to the
// worker's Background Sync (see app/src/sync.rs). Inlined into index.html by xtask.
(() => {
  if (!("serviceWorker" in navigator)) return;
  window.addEventListener("liaison:sync-wanted", () =>
    navigator.serviceWorker.ready.then((r) => r.sync?.register("liaison-sync")).catch(() => {}),
  );
  navigator.serviceWorker.addEventListener("message", (event) => {
    if (event.data?.type !== "liaison:sync" || !event.ports[0]) return;
    const reply = () => event.ports[0].postMessage(window.__liaisonSynced);
    window.addEventListener("liaison:synced", reply, { once: true });
    window.dispatchEvent(new Event("liaison:account"));
  });
  navigator.serviceWorker.startMessages();
  const announce = () => {
    window.__liaisonUpdateReady = true;
    window.dispatchEvent(new Event("liaison:update-ready"));
  };
  let applying = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // The first install also claims the page; only an update the user asked for reloads.
    if (applying) location.reload();
  });
  navigator.serviceWorker.register("/sw.js").then((registration) => {
    const watch = (worker) => {
      worker.addEventListener("statechange", () => {
        if (worker.state === "installed" && navigator.serviceWorker.controller) announce();
      });
    };
    if (registration.waiting && navigator.serviceWorker.controller) announce();
    if (registration.installing) watch(registration.installing);
    registration.addEventListener("updatefound", () => watch(registration.installing));
    window.__liaisonApplyUpdate = () => {
      if (!registration.waiting) return;
      applying = true;
      registration.waiting.postMessage({ type: "SKIP_WAITING" });
    };
    // Look for a new deployment when the app comes back to the foreground and every 30 minutes.
    const check = () => registration.update().catch(() => {});
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "visible") check();
    });
    window.addEventListener("online", check);
    setInterval(check, 30 * 60 * 1000);
  });
})();
