// The first frame after the page ran, reported as the app reports its own (ui/src/main.ts).
requestAnimationFrame(() => {
  void window.__TAURI_INTERNALS__.invoke("startup_painted", { atMs: performance.timeOrigin + performance.now() });
});
