import { ERROR_CODES, type ErrorCode } from '@camwatch/config';

export interface Issue {
  path: string;
  message: string;
  /** A code (and its parameters) a client can put in its user's language; the message stays English. */
  reason?: string;
  params?: Readonly<Record<string, string | number>>;
}

/**
 * The only error the API throws on purpose. It carries a registry code; anything else that
 * reaches the error handler is an internal error and is answered without details.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly issues?: Issue[],
  ) {
    super(message ?? ERROR_CODES[code].en);
    this.statusCode = ERROR_CODES[code].status;
  }

  static validation(issues: Issue[]): ApiError {
    return new ApiError('CW_ERR_VALIDATION', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }

  /** Outside the user's area answers exactly like a missing id, so scope cannot be probed. */
  static notFound(what: string): ApiError {
    return new ApiError('CW_ERR_NOT_FOUND', `${what} not found`);
  }

  static forbidden(message?: string): ApiError {
    return new ApiError('CW_ERR_FORBIDDEN', message);
  }

  static conflict(message: string): ApiError {
    return new ApiError('CW_ERR_CONFLICT', message);
  }
}
