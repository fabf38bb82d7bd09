// Every refusal of a layer entry says which entry and why, with one code (INVALID_ARGUMENT), so
// the API reports a 400 and a user sees e.g. `unsafe layer entry "../x": path contains ".."`.
import { EngineError } from '../errors';

export function unsafeEntry(name: string, reason: string, cause?: unknown): EngineError {
  return new EngineError('INVALID_ARGUMENT', `unsafe layer entry "${name.slice(0, 200)}": ${reason}`, cause === undefined ? undefined : { cause });
}
