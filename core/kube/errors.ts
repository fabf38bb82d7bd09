// The converter's error: a CoreError, so the CLI formats it as any other.
import { CoreError, type ErrorCode } from '../errors';
import type { ReportEntry } from './types';

export class KubeError extends CoreError {
  /** With --strict: the keys that did not carry over. */
  readonly entries: ReportEntry[];
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; entries?: ReportEntry[] }) {
    super(code, message, options);
    this.name = 'KubeError';
    this.entries = options?.entries ?? [];
  }
}
