import { Type, type Static } from '@sinclair/typebox';
import { RowId } from './common.ts';
import { StationId } from '../ids.ts';
import { EpochMs, nullable, strictObject } from './dashboard-common.ts';

/** A station's broker credential as listed (never the secret). */
export const StationCredentialInfo = Type.Object(
  {
    id: Type.Integer(),
    createdAt: EpochMs,
    revokedAt: nullable(EpochMs),
  },
  strictObject,
);
export const StationCredentialList = Type.Object({ stationId: StationId, items: Type.Array(StationCredentialInfo) }, strictObject);
export type StationCredentialList = Static<typeof StationCredentialList>;

/** POST /api/stations/:id/credentials: issue a credential (rotation = issue, then revoke the old ones). */
export const IssueCredentialBody = Type.Object(
  {
    revokePrevious: Type.Boolean({
      default: true,
      description: "Revoke the station's other credentials now (false: keep them until revoked, to reconfigure the agent first)",
    }),
  },
  strictObject,
);
export type IssueCredentialBody = Static<typeof IssueCredentialBody>;

/** Shown once: the hub keeps only a hash of `password`. */
export const IssuedCredential = Type.Object(
  {
    credentialId: Type.Integer(),
    stationId: StationId,
    mqttUrl: Type.String(),
    username: Type.String(),
    password: Type.String(),
  },
  strictObject,
);
export type IssuedCredential = Static<typeof IssuedCredential>;

export const CredentialParams = Type.Object({ id: StationId, credentialId: RowId }, strictObject);

/** POST /api/stations/:id/claim-codes: a one-time code the technician types into the agent. */
export const ClaimCodeIssued = Type.Object(
  {
    stationId: StationId,
    code: Type.String({ description: 'e.g. K7QM-4TXR; single use' }),
    expiresAt: EpochMs,
  },
  strictObject,
);
export type ClaimCodeIssued = Static<typeof ClaimCodeIssued>;

/** POST /api/provision/claim (no session: the agent has none yet). */
export const ClaimBody = Type.Object(
  {
    code: Type.String({ minLength: 1, maxLength: 32, description: 'As typed: case, spaces and dashes do not matter' }),
  },
  strictObject,
);
export type ClaimBody = Static<typeof ClaimBody>;
