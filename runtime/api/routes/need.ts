// A route whose service is not wired in this engine answers 501, as dockerd does for a feature
// its build lacks.
import { EngineError } from '../../errors';

export function need<T>(backend: T | undefined, what: string): T {
  if (!backend) throw new EngineError('NOT_IMPLEMENTED', `${what} are not available in this engine`);
  return backend;
}
