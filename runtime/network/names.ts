// Kernel object names. Interface names are at most 15 bytes (IFNAMSIZ-1); every name starts with
// the service's prefix so one engine (or one test run) can find and remove everything it made.
import { EngineError } from '../errors';

const PREFIX = /^[a-z][a-z0-9]{0,7}$/;

export function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new EngineError('INVALID_ARGUMENT', `name prefix "${prefix}" must be 1-8 lowercase letters/digits starting with a letter`);
  return prefix;
}

/** prefix + kind letter + as many hex digits of `hex` as fit in 15 bytes. */
export function ifName(prefix: string, kind: 'b' | 'v', hex: string): string {
  return `${prefix}${kind}${hex.slice(0, 15 - prefix.length - 1)}`;
}

export function nftTableName(prefix: string): string {
  return prefix;
}
