import { isRefusal, type Refusal } from '../service-refusal.ts';
import { ApiError } from './api-error.ts';

/** The API error for a service's refusal (400, 404 or 409). */
export function refusalError(r: Refusal): ApiError {
  switch (r.refused) {
    case 'invalid':
      return ApiError.validation(r.issues);
    case 'not_found':
      return ApiError.notFound(r.what);
    case 'conflict':
      return ApiError.conflict(r.message);
  }
}

/** The service's result, or its refusal thrown as the matching API error. */
export function orRefused<T>(result: T | Refusal): T {
  if (isRefusal(result)) throw refusalError(result);
  return result;
}

/** Throws a service's refusal (when there is one) as the matching API error. */
export function throwIfRefused(refusal: Refusal | null): void {
  if (refusal) throw refusalError(refusal);
}
