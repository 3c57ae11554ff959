// Added to every benchmarked page before its own scripts (Playwright init script).
//
// First render ("first map"): the start of the first animation frame that begins after the page
// flagged its markers as drawn ([data-first-render="done"], set by the dashboard right after its
// canvas draw and by the Leaflet baselines in the frame after theirs), on performance's clock
// (0 = navigation start). The frame in which they were drawn has been painted by then.
//
// The flag is caught by a MutationObserver at the moment it is set. An earlier version looked for
// it in a requestAnimationFrame loop and took that frame's start time: when the dashboard drew
// inside an animation-frame callback of the same frame, before the loop's, the figure was that
// frame's start, before the drawing (on a phone at 4× CPU, ~0.6 s too early), while the Leaflet
// baselines, which flag in a later callback, were measured a frame after theirs.
(() => {
  const observer = new MutationObserver(() => {
    if (!document.querySelector('[data-first-render="done"]')) return;
    observer.disconnect();
    const drawnAt = performance.now();
    // A frame's timestamp is when it was scheduled, which can precede a busy main thread: never earlier than the drawing.
    requestAnimationFrame((t) => (window.cwFirstMarkerFrameMs = Math.max(t, drawnAt)));
  });
  observer.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-first-render'] });
  // The dashboard draws its first map before React (map-boot.ts) and flags the map `data-app="ready"`
  // once the React app took it over; a Leaflet baseline is ready with its first map.
  const app = new MutationObserver(() => {
    if (!document.querySelector('[data-app="ready"]')) return;
    app.disconnect();
    window.cwAppReadyMs = performance.now();
  });
  app.observe(document, { subtree: true, attributes: true, attributeFilter: ['data-app'] });
})();
