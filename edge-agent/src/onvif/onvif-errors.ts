import { errorMessage } from '../probe/abort-timeout.ts';
import { RejectedInputError } from '../probe/reject-counter.ts';

/**
 * What went wrong talking ONVIF, as precisely as the device let us see it. The technician's
 * next step differs for each: re-enter the password, check the cable or the port forward,
 * give up on ONVIF for this model, or wait out a slow link.
 */
export type OnvifFailureKind = 'auth' | 'unreachable' | 'not_supported' | 'device_fault' | 'bad_response';

export const ONVIF_FAILURE_TEXT: Record<OnvifFailureKind, string> = {
  auth: 'wrong user name or password',
  unreachable: 'ONVIF address not reachable',
  not_supported: 'not supported by this device',
  device_fault: 'the device refused',
  bad_response: 'unusable answer',
};

/** Any ONVIF failure except running out of time (that is a TimeoutError from abort-timeout.ts). */
export class OnvifError extends Error {
  override readonly name = 'OnvifError';
  constructor(
    readonly kind: OnvifFailureKind,
    message: string,
    /** The SOAP fault's most specific subcode as the device wrote it (`ter:NotAuthorized`), when there was one. */
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

/** "wrong user name or password: GetDeviceInformation: Sender not Authorized (env:Sender / ter:NotAuthorized)". */
export function onvifFailureText(error: unknown): string {
  if (error instanceof OnvifError) return `${ONVIF_FAILURE_TEXT[error.kind]}: ${error.message}`;
  if (error instanceof RejectedInputError) return `${ONVIF_FAILURE_TEXT.bad_response}: ${error.message}`;
  return errorMessage(error);
}
