import type { PrivateCameraConsentScope } from '../api/private-cameras.ts';

/**
 * Private cameras whose owners agreed to a live connection (issue 16 item 4) are checked by a
 * collector: a station of its own, at the commune or at the hub, running the agent's core with
 * no cameras of its own. Their status is stored like any camera's, but they are not the
 * programme's: programme figures leave them out and reports show them on a line of their own.
 */

/** What a station is: a box beside the programme's cameras, or a collector checking owners' recorders. */
export const STATION_TYPES = ['programme', 'collector'] as const;
export type StationType = (typeof STATION_TYPES)[number];

/** Where a camera's status comes from: a programme station, or a collector checking a private recorder. */
export const CAMERA_SOURCES = ['programme', 'private'] as const;
export type CameraSource = (typeof CAMERA_SOURCES)[number];

/** Only an owner who agreed to a live connection may have their recorder connected. */
export function mayConnectRecorder(scope: PrivateCameraConsentScope): boolean {
  return scope === 'live_connection';
}

const PRIVATE_TARGET_PREFIX = 'pc-';

/**
 * The camera id a collector reports a private camera under: stable, derived from the register's
 * id, and unlike any programme camera id (those are `<station>-C<n>`), so samples of the two never mix.
 */
export function privateCameraTargetId(privateCameraId: number): string {
  return `${PRIVATE_TARGET_PREFIX}${privateCameraId}`;
}

/** The register's id behind a collector's camera id; null for any other camera. */
export function privateCameraIdOf(cameraId: string): number | null {
  const m = /^pc-([1-9][0-9]{0,15})$/.exec(cameraId);
  return m ? Number(m[1]) : null;
}

/** The separate line of reports: connected private cameras are never in the programme's figures. */
export const CONNECTED_PRIVATE_LABELS = {
  vi: {
    line: 'Camera tư nhân kết nối',
    cameras: 'Số camera',
    working: 'Đang hoạt động',
    availability: 'Khả dụng (%)',
    uptime: 'Hoạt động khi kết nối được (%)',
  },
  en: {
    line: 'Connected private cameras',
    cameras: 'Cameras',
    working: 'Working now',
    availability: 'Availability (%)',
    uptime: 'Uptime while reachable (%)',
  },
} as const;

/**
 * How an alert or a map names a connected private camera: by the register's number only. The
 * owner's name, phone and address are personal data and never travel with a status or an alert;
 * a reader allowed `private_camera.contact` opens the register entry for them (audited there).
 */
export function privateCameraLabel(privateCameraId: number, lang: 'vi' | 'en'): string {
  return lang === 'vi' ? `Camera tư nhân #${privateCameraId}` : `Private camera #${privateCameraId}`;
}
