// `--log-opt max-size=10m --log-opt max-file=3` (HostConfig.LogConfig.Config), read as Docker's
// json-file driver reads them: max-size in bytes with k/m/g suffixes (powers of 1024, as
// go-units' RAMInBytes), max-file a positive count of files kept (the live one included).
import { EngineError } from '../errors';

export interface LogLimits {
  /** Rotate the live file past this many bytes (conmon's --log-size-max); undefined: the default. */
  maxSize?: number;
  /** Files kept: the live one and maxFile - 1 rotated ones (ctr.log.1 newest). */
  maxFile: number;
}

export interface LogConfigLike {
  Type?: string | null;
  Config?: Record<string, string> | null;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** "10m", "512k", "1g", "2048" → bytes. */
export function parseLogSize(v: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgtb]?)(?:i?b)?$/i.exec(v.trim());
  if (!m) throw new EngineError('INVALID_ARGUMENT', `invalid value for max-size: ${v}`);
  const n = Math.floor(Number(m[1]) * UNITS[m[2].toLowerCase()]);
  if (!Number.isSafeInteger(n)) throw new EngineError('INVALID_ARGUMENT', `invalid value for max-size: ${v}`);
  return n;
}

export function logLimits(cfg: LogConfigLike | null | undefined): LogLimits {
  const opts = cfg?.Config ?? {};
  const out: LogLimits = { maxFile: 1 };
  const size = opts['max-size'];
  if (size !== undefined && size !== '' && size !== '-1') out.maxSize = parseLogSize(size);
  const files = opts['max-file'];
  if (files !== undefined && files !== '') {
    const n = Number(files);
    if (!Number.isInteger(n) || n < 1 || n > 1000) throw new EngineError('INVALID_ARGUMENT', `invalid value for max-file: ${files}: must be a positive integer`);
    // As Docker's json-file: without a size limit there is never a rotation to keep.
    if (n > 1 && out.maxSize === undefined) throw new EngineError('INVALID_ARGUMENT', 'max-file can not be used without max-size');
    out.maxFile = n;
  }
  return out;
}
