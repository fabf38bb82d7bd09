// Rlimits for config.json. Root here lacks CAP_SYS_RESOURCE (DESIGN.md), so a limit above the
// engine's inherited hard limit makes the runtime fail: every limit is capped at what we inherited.
import { EngineError } from '../errors';
import type { OciRlimit } from './spec-types';

const PROC_LIMIT_NAMES: Record<string, string> = {
  'Max cpu time': 'RLIMIT_CPU', 'Max file size': 'RLIMIT_FSIZE', 'Max data size': 'RLIMIT_DATA',
  'Max stack size': 'RLIMIT_STACK', 'Max core file size': 'RLIMIT_CORE', 'Max resident set': 'RLIMIT_RSS',
  'Max processes': 'RLIMIT_NPROC', 'Max open files': 'RLIMIT_NOFILE', 'Max locked memory': 'RLIMIT_MEMLOCK',
  'Max address space': 'RLIMIT_AS', 'Max file locks': 'RLIMIT_LOCKS', 'Max pending signals': 'RLIMIT_SIGPENDING',
  'Max msgqueue size': 'RLIMIT_MSGQUEUE', 'Max nice priority': 'RLIMIT_NICE',
  'Max realtime priority': 'RLIMIT_RTPRIO', 'Max realtime timeout': 'RLIMIT_RTTIME',
};

/** RLIMIT_* → {soft, hard}, parsed from the text of /proc/<pid>/limits. Unlimited = 2^64-1. */
export type InheritedLimits = Record<string, { soft: number; hard: number }>;
const UNLIMITED = 18446744073709551615;

export function parseProcLimits(text: string): InheritedLimits {
  const out: InheritedLimits = {};
  for (const line of text.split('\n').slice(1)) {
    const name = Object.keys(PROC_LIMIT_NAMES).find((n) => line.startsWith(n));
    if (!name) continue;
    const [soft, hard] = line.slice(name.length).trim().split(/\s+/);
    const num = (v: string): number => (v === 'unlimited' ? UNLIMITED : Number(v));
    out[PROC_LIMIT_NAMES[name]] = { soft: num(soft), hard: num(hard) };
  }
  return out;
}

/** Docker's ulimit names ("nofile") → OCI ("RLIMIT_NOFILE"). */
export function rlimitType(name: string): string {
  const t = `RLIMIT_${name.toUpperCase().replace(/^RLIMIT_/, '')}`;
  if (!Object.values(PROC_LIMIT_NAMES).includes(t)) throw new EngineError('INVALID_ARGUMENT', `invalid ulimit name: ${name}`);
  return t;
}

/**
 * The container's rlimits: RLIMIT_NOFILE defaults to the inherited limits (as containerd does with
 * its 1048576 default, capped here), then the requested ulimits, every value capped at the hard
 * limit we inherited.
 */
export function buildRlimits(requested: ReadonlyArray<{ Name: string; Soft: number; Hard: number }>, inherited: InheritedLimits): OciRlimit[] {
  const byType = new Map<string, OciRlimit>();
  const nofile = inherited.RLIMIT_NOFILE;
  if (nofile) byType.set('RLIMIT_NOFILE', { type: 'RLIMIT_NOFILE', soft: Math.min(1048576, nofile.hard), hard: Math.min(1048576, nofile.hard) });
  for (const u of requested) {
    const type = rlimitType(u.Name);
    const cap = inherited[type]?.hard ?? UNLIMITED;
    const hard = Math.min(u.Hard < 0 ? UNLIMITED : u.Hard, cap);
    const soft = Math.min(u.Soft < 0 ? UNLIMITED : u.Soft, hard);
    // 2^64-1 does not survive a JS number; "unlimited everywhere" is what the process inherits anyway.
    if (hard >= UNLIMITED) { byType.delete(type); continue; }
    byType.set(type, { type, soft, hard });
  }
  return [...byType.values()];
}
