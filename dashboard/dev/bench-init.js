// Added to every benchmarked page before its own scripts (Playwright init script).
//
// First render: the start of the first animation frame at which the page has flagged its markers
// as drawn ([data-first-render="done"]), on performance's clock (0 = navigation start). That frame
// paints them; a flag set inside a later rAF callback of the same frame is seen one frame late,
// so the figure is exact to one frame (≈17 ms) and never early.
(() => {
  const look = (t) => {
    if (document.querySelector('[data-first-render="done"]')) {
      window.cwFirstMarkerFrameMs = t;
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();
