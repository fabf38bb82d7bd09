// EngineError code → HTTP status, as Docker's errdefs does (errdefs/http_helpers.go): not-found 404,
// conflict 409, invalid-parameter 400, not-implemented 501, unavailable 503, anything else 500.
// "Not modified" (304) is not a code of its own: start/stop routes decide it, as Docker does for a
// container that is already started / already stopped.
import { EngineError, type EngineErrorCode } from '../../errors';
import type { ErrorResponse } from '../types';

const STATUS: Record<EngineErrorCode, number> = {
  NOT_FOUND: 404,
  ALREADY_EXISTS: 409,
  CONFLICT: 409,
  FAILED_PRECONDITION: 409,
  INVALID_ARGUMENT: 400,
  NOT_IMPLEMENTED: 501,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function statusForCode(code: EngineErrorCode): number {
  return STATUS[code] ?? 500;
}

/** The status and Docker error body for anything a handler threw. */
export function errorReply(err: unknown): { status: number; body: ErrorResponse } {
  if (err instanceof EngineError) return { status: statusForCode(err.code), body: { message: err.message } };
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code in STATUS) {
    return { status: STATUS[code as EngineErrorCode], body: { message: (err as Error).message } };
  }
  return { status: 500, body: { message: err instanceof Error ? err.message : String(err) } };
}
