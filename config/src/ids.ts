import { Type } from '@sinclair/typebox';

/**
 * Station and camera ids travel inside MQTT topic levels, file names and URLs, so they are
 * restricted to characters that cannot act as wildcards (`+`, `#`), separators (`/`) or
 * path tricks (`..`): letters, digits, `_` and `-`, starting with a letter or digit.
 */
export const ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
const idRegex = new RegExp(ID_PATTERN);

export const StationId = Type.String({ pattern: ID_PATTERN, description: 'Station id, e.g. `LA-BL-0042`' });
export const CameraId = Type.String({ pattern: ID_PATTERN, description: 'Camera id, unique in the province, e.g. `LA-BL-0042-C1`' });
export const UnitId = Type.String({ pattern: ID_PATTERN, description: 'Administrative unit id' });
/** A boot id is chosen at random by the agent at every start; it scopes the sequence numbers. */
export const BootId = Type.String({ pattern: '^[A-Za-z0-9-]{8,40}$', description: 'Random id chosen by the agent at each start' });

export function isValidId(value: string): boolean {
  return idRegex.test(value);
}
