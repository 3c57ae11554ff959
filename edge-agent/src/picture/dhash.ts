import type { GrayFrame } from './gray-frame.ts';

const COLS = 9;
const ROWS = 8;

/**
 * 64-bit difference hash (dHash): the frame area-averaged to 9×8, one bit per horizontal
 * neighbour pair (left brighter than right). Robust to exposure, noise and compression;
 * a camera turned to another scene changes about half the bits. Hex, 16 characters.
 */
export function dHash(frame: GrayFrame): string {
  const cells = new Float64Array(COLS * ROWS);
  for (let gy = 0; gy < ROWS; gy++) {
    const y0 = Math.floor((gy * frame.height) / ROWS);
    const y1 = Math.max(y0 + 1, Math.floor(((gy + 1) * frame.height) / ROWS));
    for (let gx = 0; gx < COLS; gx++) {
      const x0 = Math.floor((gx * frame.width) / COLS);
      const x1 = Math.max(x0 + 1, Math.floor(((gx + 1) * frame.width) / COLS));
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        const row = y * frame.width;
        for (let x = x0; x < x1; x++) sum += frame.data[row + x]!;
      }
      cells[gy * COLS + gx] = sum / ((y1 - y0) * (x1 - x0));
    }
  }
  let hash = 0n;
  for (let gy = 0; gy < ROWS; gy++) {
    for (let gx = 0; gx < COLS - 1; gx++) {
      const left = cells[gy * COLS + gx]!;
      const right = cells[gy * COLS + gx + 1]!;
      hash = (hash << 1n) | (left > right ? 1n : 0n);
    }
  }
  return hash.toString(16).padStart(16, '0');
}

const HASH_RE = /^[0-9a-f]{16}$/i;

export function isDHash(value: string): boolean {
  return HASH_RE.test(value);
}

/** Number of differing bits between two dHashes (0 = same view, 64 = opposite). */
export function hammingDistance(a: string, b: string): number {
  if (!isDHash(a) || !isDHash(b)) throw new RangeError('not a 64-bit hex dHash');
  let x = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let bits = 0;
  while (x) {
    bits += Number(x & 1n);
    x >>= 1n;
  }
  return bits;
}
