// The builder's error: an EngineError (so the API maps its code to a status) that may carry the
// failed step's exit code and the last lines of its output, as `docker build` reports a RUN.
import { EngineError, type EngineErrorCode } from '../errors';

export class BuildError extends EngineError {
  constructor(code: EngineErrorCode, message: string, options?: { cause?: unknown; exitCode?: number }) {
    super(code, message, options);
    this.name = 'BuildError';
    this.exitCode = options?.exitCode;
  }

  readonly exitCode: number | undefined;
}
