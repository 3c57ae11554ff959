// Runs inside the benchmarked page (dashboard or a Leaflet baseline): a scripted tour of pans and
// zooms on a Leaflet map while every animation frame's interval and every long task are recorded.
// Plain JS, loaded with a <script> tag, so no bundler or transpiler touches it.
//
// A frame counts as "moving" from the moment a step is issued until the second frame after the
// map's moveend: redraws are scheduled at moveend (often for the next animation frame), so the
// interval that pays for them ends one or two frames later. Frames between steps (the map idle)
// are kept out of the moving share, so they cannot dilute a stall into a good percentile.
window.cwBench = {
  async tour(map, steps) {
    const frames = [];
    const moving = [];
    const stepOfFrame = [];
    let step = -1;
    let last = performance.now();
    let running = true;
    let inMove = false;
    let framesLeftAfterMoveEnd = -1;
    let moveOver = null;
    const tick = (t) => {
      frames.push(t - last);
      moving.push(inMove);
      stepOfFrame.push(step);
      last = t;
      if (inMove && framesLeftAfterMoveEnd > 0 && --framesLeftAfterMoveEnd === 0) {
        inMove = false;
        moveOver?.();
      }
      if (running) requestAnimationFrame(tick);
    };
    requestAnimationFrame((t) => {
      last = t;
      requestAnimationFrame(tick);
    });
    const settle = () =>
      new Promise((resolve) => {
        const ended = () => {
          clearTimeout(timer);
          map.off('moveend', ended);
          framesLeftAfterMoveEnd = 2;
        };
        moveOver = () => setTimeout(resolve, 120);
        const timer = setTimeout(ended, 5000);
        map.on('moveend', ended);
      });
    // Every main-thread task over 50 ms in the tour (moving or not): deferred work counts too.
    const longTasks = [];
    const observer = new PerformanceObserver((list) => list.getEntries().forEach((e) => longTasks.push(Math.round(e.duration))));
    observer.observe({ type: 'longtask' });
    const started = performance.now();
    for (const [k, s] of steps.entries()) {
      step = k;
      framesLeftAfterMoveEnd = -1;
      inMove = true;
      const moved = settle();
      if (s.op === 'zoom') map.setZoom(s.z, { animate: true });
      else if (s.op === 'pan') map.panBy([s.dx, s.dy], { animate: true, duration: 0.4 });
      else map.setView([s.lat, s.lon], s.z, { animate: true });
      await moved;
    }
    running = false;
    // Long tasks are reported to the observer after they end: give the last one a frame to arrive.
    await new Promise((resolve) => setTimeout(resolve, 50));
    observer.takeRecords().forEach((e) => longTasks.push(Math.round(e.duration)));
    observer.disconnect();
    // Longest frame per step, to tell which move is expensive.
    const stepMax = steps.map(() => 0);
    frames.forEach((f, k) => {
      const s = stepOfFrame[k];
      if (k > 0 && s >= 0) stepMax[s] = Math.max(stepMax[s], f);
    });
    return {
      frames: frames.slice(1),
      movingFrames: frames.filter((f, k) => k > 0 && moving[k]),
      stepMax,
      longTasks,
      durationMs: performance.now() - started,
    };
  },
};
