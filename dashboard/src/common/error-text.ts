import { ERROR_CODES, type ErrorCode, type Language } from '@camwatch/config/api';
import { HttpError } from '../api/http-client.ts';
import { translate } from '../i18n/translate.ts';

export interface ErrorText {
  /** What to tell the user, in their language: never the server's own (English) text. */
  text: string;
  /**
   * Whether asking again may help: a network failure or a server error (5xx) may pass, while
   * the same invalid request (4xx) fails the same way, so no "retry" is offered for it.
   */
  retryable: boolean;
}

function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERROR_CODES, code);
}

export function describeError(error: unknown, lang: Language): ErrorText {
  if (error instanceof HttpError) {
    const text = isErrorCode(error.code) ? ERROR_CODES[error.code][lang] : translate(lang, 'common.httpError', { status: error.status });
    return { text, retryable: error.status >= 500 || error.status === 429 };
  }
  return { text: translate(lang, 'common.unreachable'), retryable: true };
}
