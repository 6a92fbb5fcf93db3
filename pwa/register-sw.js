// Registers the service worker and tells the app (wasm) when a new version is
// waiting: it sets window.__liaisonUpdateReady and dispatches
// "liaison:update-ready". window.__liaisonApplyUpdate() activates it; the page
// reloads once the new worker controls it. Inlined into index.html by xtask.
(() => {
  if (!("serviceWorker" in navigator)) return;
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
