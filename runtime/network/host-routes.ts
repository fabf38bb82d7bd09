// The subnets routed on the host, so IPAM never hands out a subnet that already means something
// here (the host resolver lives in 10.255.0.0/16 on these machines). Read from /proc: no spawn.
import { readFile } from 'node:fs/promises';
import { formatCidr } from './ipv4';

/** Parses /proc/net/route (little-endian hex destination and mask) into CIDR strings. */
export function parseProcRoutes(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 8) continue;
    const dest = leHex(f[1]);
    const mask = leHex(f[7]);
    const prefix = 32 - countZeros(mask);
    out.push(formatCidr({ base: dest, prefix }));
  }
  return [...new Set(out)];
}

function leHex(hex: string): number {
  const n = parseInt(hex, 16) >>> 0;
  return (((n & 255) << 24) | (((n >>> 8) & 255) << 16) | (((n >>> 16) & 255) << 8) | (n >>> 24)) >>> 0;
}

function countZeros(mask: number): number {
  let zeros = 0;
  for (let i = 0; i < 32 && ((mask >>> i) & 1) === 0; i++) zeros++;
  return zeros;
}

export async function readHostRoutes(path = '/proc/net/route'): Promise<string[]> {
  return parseProcRoutes(await readFile(path, 'utf8'));
}
