// The engine's error. The API maps `code` to an HTTP status (runtime/api) and the client maps it
// back, so a caller sees the same code on either side of the socket.
export type EngineErrorCode =
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'CONFLICT'
  | 'UNAVAILABLE'
  | 'NOT_IMPLEMENTED'
  | 'INTERNAL';

export class EngineError extends Error {
  readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EngineError';
    this.code = code;
  }
}

/** Wraps any thrown value as an EngineError, keeping it as `cause`. */
export function asEngineError(err: unknown, code: EngineErrorCode = 'INTERNAL', context?: string): EngineError {
  if (err instanceof EngineError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new EngineError(code, context ? `${context}: ${msg}` : msg, { cause: err });
}
