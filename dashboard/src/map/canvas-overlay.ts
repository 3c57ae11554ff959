import L from 'leaflet';

/**
 * A Leaflet layer that owns one canvas covering the view plus a margin (like L.Canvas).
 * Panning moves it with the map pane for free; it is redrawn only when a move or zoom ends
 * or the data changes, and scaled by CSS during zoom animations. Subclasses implement
 * `draw`, receiving a context whose origin is the canvas' top-left layer point.
 */
export abstract class CanvasOverlay extends L.Layer {
  protected canvas: HTMLCanvasElement | null = null;
  protected origin = L.point(0, 0);
  private drawnCenter = L.latLng(0, 0);
  private drawnZoom = 0;
  private frame = 0;

  constructor(
    private readonly paneName: string,
    private readonly paneZIndex: number,
    private readonly padding = 0.1,
  ) {
    super();
  }

  override onAdd(map: L.Map): this {
    const canvas = L.DomUtil.create('canvas', 'cw-canvas-overlay leaflet-zoom-animated');
    canvas.style.pointerEvents = 'none';
    const pane = map.getPane(this.paneName) ?? map.createPane(this.paneName);
    pane.style.zIndex = String(this.paneZIndex);
    pane.appendChild(canvas);
    this.canvas = canvas;
    this.update();
    return this;
  }

  override onRemove(): this {
    this.canvas?.remove();
    this.canvas = null;
    cancelAnimationFrame(this.frame);
    return this;
  }

  override getEvents(): Record<string, L.LeafletEventHandlerFn> {
    return {
      // Redrawn at the next frame, not inside Leaflet's moveend handler: the outline canvas
      // redraws there already, and two redraws in one task make one long frame instead of two short ones.
      moveend: () => this.scheduleUpdate(),
      viewreset: () => this.scheduleUpdate(),
      resize: () => this.scheduleUpdate(),
      zoomanim: (e) => this.animateZoom(e as L.ZoomAnimEvent),
    };
  }

  /** Redraw at the next frame (coalesces bursts of data changes). */
  requestRedraw(): void {
    this.schedule(false);
  }

  private scheduleUpdate(): void {
    this.schedule(true);
  }

  private pendingMove = false;

  private schedule(moved: boolean): void {
    if (!this.canvas) return;
    this.pendingMove ||= moved;
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const wasMove = this.pendingMove;
      this.pendingMove = false;
      if (wasMove) this.update();
      else this.redraw();
    });
  }

  protected abstract draw(ctx: CanvasRenderingContext2D, map: L.Map, size: L.Point): void;

  private update(): void {
    const map = this._map;
    if (!map || !this.canvas) return;
    const size = map.getSize();
    const min = map.containerPointToLayerPoint(size.multiplyBy(-this.padding)).round();
    const full = size.multiplyBy(1 + this.padding * 2).round();
    const ratio = window.devicePixelRatio || 1;
    this.origin = min;
    this.drawnCenter = map.getCenter();
    this.drawnZoom = map.getZoom();
    L.DomUtil.setPosition(this.canvas, min);
    const width = Math.round(full.x * ratio);
    const height = Math.round(full.y * ratio);
    // Resizing reallocates the bitmap (and the compositor's copy): only when the size really changed.
    if (this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas.width = width;
      this.canvas.height = height;
      this.canvas.style.width = `${full.x}px`;
      this.canvas.style.height = `${full.y}px`;
    }
    this.redraw();
  }

  private redraw(): void {
    const map = this._map;
    const canvas = this.canvas;
    if (!map || !canvas) return;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    this.draw(ctx, map, L.point(canvas.width / ratio, canvas.height / ratio));
  }

  private animateZoom(e: L.ZoomAnimEvent): void {
    const map = this._map;
    if (!map || !this.canvas) return;
    const scale = map.getZoomScale(e.zoom, this.drawnZoom);
    const viewHalf = map.getSize().multiplyBy(0.5 + this.padding);
    // Same arithmetic as Leaflet's renderers: keep the drawn centre under the new centre.
    const mapWithPrivate = map as L.Map & { _getNewPixelOrigin(center: L.LatLng, zoom: number): L.Point };
    const offset = viewHalf
      .multiplyBy(-scale)
      .add(map.project(this.drawnCenter, e.zoom))
      .subtract(mapWithPrivate._getNewPixelOrigin(e.center, e.zoom));
    L.DomUtil.setTransform(this.canvas, offset, scale);
  }
}
