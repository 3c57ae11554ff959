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

/** Splits raw `gray` video (ffmpeg -f rawvideo -pix_fmt gray) into frames; a trailing partial frame is dropped. */
export function splitRawGray(raw: Uint8Array, width: number, height: number): GrayFrame[] {
  const size = width * height;
  const frames: GrayFrame[] = [];
  for (let off = 0; off + size <= raw.length; off += size) frames.push(grayFrame(width, height, raw.subarray(off, off + size)));
  return frames;
}
