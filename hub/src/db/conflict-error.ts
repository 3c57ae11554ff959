/**
 * A write that collides with existing data (an id or username already taken). Repositories
 * throw it; the API's error handler answers it with CW_ERR_CONFLICT (409) and its message.
 */
export class ConflictError extends Error {
  override name = 'ConflictError';
}
