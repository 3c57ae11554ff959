// FAULT INJECTION for the map benchmark's own test, never part of the dashboard: added as a
// Playwright init script only when the bench is asked to slow the map (`--slow-every N`).
// Every Nth clearRect on a canvas inside the Leaflet map (each canvas redraw starts with one)
// is followed by a 100 ms busy loop: a map that stalls now and then, as a regression would.
// The placeholder below is replaced by the bench with N.
(() => {
  const every = Number('__SLOW_EVERY__');
  const clearRect = CanvasRenderingContext2D.prototype.clearRect;
  let redraws = 0;
  window.cwSlowedRedraws = 0;
  CanvasRenderingContext2D.prototype.clearRect = function (...args) {
    const result = clearRect.apply(this, args);
    if (this.canvas instanceof HTMLCanvasElement && this.canvas.closest('.leaflet-container') && ++redraws % every === 0) {
      const until = performance.now() + 100;
      while (performance.now() < until);
      window.cwSlowedRedraws += 1;
    }
    return result;
  };
})();
