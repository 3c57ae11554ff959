/** Width and height from a JPEG's frame header (SOFn), without decoding; null when it is not a JPEG. */
export function jpegDimensions(jpeg: Uint8Array): { width: number; height: number } | null {
  if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null;
  let i = 2;
  while (i + 9 < jpeg.length) {
    if (jpeg[i] !== 0xff) return null;
    const marker = jpeg[i + 1]!;
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const length = (jpeg[i + 2]! << 8) | jpeg[i + 3]!;
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      const height = (jpeg[i + 5]! << 8) | jpeg[i + 6]!;
      const width = (jpeg[i + 7]! << 8) | jpeg[i + 8]!;
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xda || length < 2) return null; // start of scan before any frame header
    i += 2 + length;
  }
  return null;
}
