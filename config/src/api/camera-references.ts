import { Type, type Static } from '@sinclair/typebox';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

/** Where a camera's reference view came from, and since when (the station panel). */
export const CameraReferenceInfo = Type.Object(
  {
    origin: Type.Union([Type.Literal('learnt'), Type.Literal('accepted'), Type.Literal('restored')], {
      description: 'learnt by the agent from its first good pictures; accepted by a person; restored from the hub after a reinstall',
    }),
    since: EpochMs,
  },
  strictObject,
);
export type CameraReferenceInfo = Static<typeof CameraReferenceInfo>;

/** A person's note that the camera has been aimed wrongly since installation (so its reference is not "right"). */
export const CameraAimFlag = Type.Object(
  {
    note: Type.String({ maxLength: 512 }),
    flaggedBy: Type.String({ maxLength: 128 }),
    flaggedAt: EpochMs,
  },
  strictObject,
);
export type CameraAimFlag = Static<typeof CameraAimFlag>;

/** PUT /api/cameras/:id/aim-flag */
export const AimFlagBody = Type.Object(
  { note: Type.String({ minLength: 3, maxLength: 512, description: 'What is wrong with the view, e.g. "faces the rice field, not QL1"' }) },
  strictObject,
);
export type AimFlagBody = Static<typeof AimFlagBody>;

export const CameraReferenceFields = {
  /** null until the camera's agent reported a reference (agents before references at the hub never do). */
  reference: nullable(CameraReferenceInfo),
  aimFlag: nullable(CameraAimFlag),
};
