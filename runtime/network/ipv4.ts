// IPv4 arithmetic on unsigned 32-bit numbers: parsing, formatting, CIDR containment and overlap.
// Pure, so IPAM decisions are unit-testable without a kernel.
import { EngineError } from '../errors';

export interface Cidr {
  /** Network address (host bits cleared). */
  readonly base: number;
  readonly prefix: number;
}

export function parseIp(text: string): number {
  const parts = text.trim().split('.');
  if (parts.length !== 4) throw new EngineError('INVALID_ARGUMENT', `invalid IPv4 address "${text}"`);
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) throw new EngineError('INVALID_ARGUMENT', `invalid IPv4 address "${text}"`);
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

export function formatIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function parseCidr(text: string): Cidr {
  const [addr, len] = text.split('/');
  const prefix = len === undefined ? 32 : Number(len);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32) throw new EngineError('INVALID_ARGUMENT', `invalid CIDR "${text}"`);
  return { base: (parseIp(addr) & maskOf(prefix)) >>> 0, prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIp(c.base)}/${c.prefix}`;
}

export function size(c: Cidr): number {
  return 2 ** (32 - c.prefix);
}

export function contains(c: Cidr, ip: number): boolean {
  return ((ip & maskOf(c.prefix)) >>> 0) === c.base;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return ((a.base & maskOf(p)) >>> 0) === ((b.base & maskOf(p)) >>> 0);
}

/** Last address of the block (the broadcast address for a subnet). */
export function lastOf(c: Cidr): number {
  return (c.base + size(c) - 1) >>> 0;
}

/** A locally administered unicast MAC derived from the IPv4 address, as Docker's bridge driver does. */
export function macForIp(ip: number): string {
  const bytes = [0x02, 0x42, ip >>> 24, (ip >>> 16) & 255, (ip >>> 8) & 255, ip & 255];
  return bytes.map((b) => b.toString(16).padStart(2, '0')).join(':');
}
