/** One decoded picture as 8-bit luma, row-major; what every picture metric works on. */
export interface GrayFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export function grayFrame(width: number, height: number, data: Uint8Array): GrayFrame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`bad frame size ${width}x${height}`);
  }
  if (data.length !== width * height) throw new RangeError(`frame of ${width}x${height} needs ${width * height} bytes, got ${data.length}`);
  return { width, height, data };
}

/** Bytes of one planar YUV 4:2:0 frame (even sizes: the analysis size always is). */
export function yuvFrameBytes(width: number, height: number): number {
  return width * height + 2 * (width >> 1) * (height >> 1);
}

/**
 * Splits raw `yuv420p` video into luma frames and each frame's mean chroma magnitude
 * (distance of U,V from neutral 128). A camera in infrared night mode sends no colour at all,
 * so its saturation is ~0; a colour picture even at dusk stays well above.
 */
export function splitRawYuv420(raw: Uint8Array, width: number, height: number): { frames: GrayFrame[]; saturation: number[] } {
  const ySize = width * height;
  const cSize = (width >> 1) * (height >> 1);
  const size = ySize + 2 * cSize;
  const frames: GrayFrame[] = [];
  const saturation: number[] = [];
  for (let off = 0; off + size <= raw.length; off += size) {
    frames.push(grayFrame(width, height, raw.subarray(off, off + ySize)));
    const u = raw.subarray(off + ySize, off + ySize + cSize);
    const v = raw.subarray(off + ySize + cSize, off + size);
    let sum = 0;
    for (let i = 0; i < cSize; i++) sum += Math.hypot(u[i]! - 128, v[i]! - 128);
    saturation.push(sum / cSize);
  }
  return { frames, saturation };
}
