import type { CameraMapStatus } from '@camwatch/config/api';

/**
 * Colour AND shape per status, so colour-blind users and people reading a phone in the sun
 * can tell them apart: the shapes alone carry the meaning, the colours (Okabe–Ito based,
 * safe for deuteranopia and protanopia) only reinforce it.
 */
export interface StatusStyle {
  fill: string;
  shape: 'circle' | 'triangle' | 'square-x' | 'diamond';
}

export const STATUS_STYLE: Record<CameraMapStatus, StatusStyle> = {
  ok: { fill: '#009E73', shape: 'circle' },
  degraded: { fill: '#E69F00', shape: 'triangle' },
  down: { fill: '#D12A1B', shape: 'square-x' },
  unknown: { fill: '#7A7A7A', shape: 'diamond' },
};

export const OUTLINE = '#1b1b1b';
export const HALO = '#ffffff';

/** Vertices of the shape centred on (0,0) for radius `r`; a circle returns null. */
export function shapePath(shape: StatusStyle['shape'], r: number): Array<[number, number]> | null {
  switch (shape) {
    case 'circle':
      return null;
    case 'triangle':
      return [
        [0, -1.3 * r],
        [1.2 * r, 0.85 * r],
        [-1.2 * r, 0.85 * r],
      ];
    case 'square-x':
      return [
        [-0.9 * r, -0.9 * r],
        [0.9 * r, -0.9 * r],
        [0.9 * r, 0.9 * r],
        [-0.9 * r, 0.9 * r],
      ];
    case 'diamond':
      return [
        [0, -1.25 * r],
        [1.25 * r, 0],
        [0, 1.25 * r],
        [-1.25 * r, 0],
      ];
  }
}
