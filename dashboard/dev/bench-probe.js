// Runs inside the benchmarked page (dashboard or plain-Leaflet baseline): a scripted tour of
// pans and zooms on a Leaflet map while every animation frame's interval is recorded.
// Plain JS, loaded with a <script> tag, so no bundler or transpiler touches it.
window.cwBench = {
  async tour(map, steps) {
    const frames = [];
    const stepOfFrame = [];
    let step = -1;
    let last = performance.now();
    let running = true;
    const tick = (t) => {
      frames.push(t - last);
      stepOfFrame.push(step);
      last = t;
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
    const settle = () =>
      new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          map.off('moveend', done);
          setTimeout(resolve, 120);
        };
        const timer = setTimeout(done, 5000);
        map.on('moveend', done);
      });
    // Main-thread tasks over 50 ms: tells script cost apart from raster/composite cost.
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(Math.round(e.duration))));
    observer.observe({ type: 'longtask' });
    const started = performance.now();
    for (const [k, s] of steps.entries()) {
      step = k;
      const moved = settle();
      if (s.op === 'zoom') map.setZoom(s.z, { animate: true });
      else if (s.op === 'pan') map.panBy([s.dx, s.dy], { animate: true, duration: 0.4 });
      else map.setView([s.lat, s.lon], s.z, { animate: true });
      await moved;
    }
    running = false;
    observer.disconnect();
    // Longest frame per step, to tell which move is expensive.
    const stepMax = steps.map(() => 0);
    frames.forEach((f, k) => {
      const s = stepOfFrame[k];
      if (k > 0 && s >= 0) stepMax[s] = Math.max(stepMax[s], f);
    });
    return { frames: frames.slice(1), stepMax, longTasks, durationMs: performance.now() - started };
  },
};
