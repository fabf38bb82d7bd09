// Kernel object names. Interface names are at most 15 bytes (IFNAMSIZ-1); every name starts with
// the service's prefix so one engine (or one test run) can find and remove everything it made.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { EngineError } from '../errors';

/** The default engine's state root: only it owns the plain "berth" prefix. */
export const DEFAULT_STATE_ROOT = '/var/lib/berth';

const PREFIX = /^[a-z][a-z0-9]{0,7}$/;

export function checkPrefix(prefix: string): string {
  if (!PREFIX.test(prefix)) throw new EngineError('INVALID_ARGUMENT', `name prefix "${prefix}" must be 1-8 lowercase letters/digits starting with a letter`);
  return prefix;
}

/**
 * The prefix of an engine that was given none: "berth" for the default engine only. Any other
 * root gets "bx" + a hash of the root, so an engine (a test's, a second one) started without
 * BERTH_NETWORK_PREFIX can never take, sweep or reset the default engine's bridges, veths,
 * namespaces and nftables table, which go by prefix.
 */
export function defaultPrefix(stateRoot: string): string {
  const root = resolve(stateRoot);
  return root === DEFAULT_STATE_ROOT ? 'berth' : `bx${createHash('sha256').update(root).digest('hex').slice(0, 5)}`;
}

/** prefix + kind letter + as many hex digits of `hex` as fit in 15 bytes. */
export function ifName(prefix: string, kind: 'b' | 'v', hex: string): string {
  return `${prefix}${kind}${hex.slice(0, 15 - prefix.length - 1)}`;
}

export function nftTableName(prefix: string): string {
  return prefix;
}
