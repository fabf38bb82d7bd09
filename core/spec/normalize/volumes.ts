// Volume short syntax → long, as compose-go format/volume.go reads "[source:]target[:mode]":
// a source starting with '.', '/' or '~' is a bind mount, anything else names a volume; mode
// words are ro/rw, z/Z (SELinux), propagation, nocopy and consistency values.
import { posix } from 'node:path';

export interface VolumeConfig {
  type: string;
  source?: string;
  target?: string;
  read_only?: boolean;
  consistency?: string;
  bind?: { propagation?: string; create_host_path?: boolean; recursive?: string; selinux?: string };
  volume?: { labels?: Record<string, string>; nocopy?: boolean; subpath?: string };
  tmpfs?: { size?: number; mode?: number };
  image?: { subpath?: string };
  [ext: `x-${string}`]: unknown;
}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY = new Set(['cached', 'delegated', 'consistent']);

/** Go's path.Clean: normalised, no trailing slash (except the root). */
export function cleanTarget(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

export function isBindSource(src: string): boolean {
  return src.startsWith('.') || src.startsWith('/') || src.startsWith('~') || /^[a-zA-Z]:[\\/]/.test(src);
}

/** Split on ':' but keep a Windows drive letter ("C:\\data") with its path. */
function splitVolume(spec: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    const drive = c === ':' && cur.length === 1 && /[a-zA-Z]/.test(cur) && /[\\/]/.test(spec[i + 1] ?? '');
    if (c === ':' && !drive) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

export function parseVolume(spec: string): VolumeConfig {
  const parts = splitVolume(spec);
  if (parts.length > 3 || parts.some((p) => p === '')) throw new Error(`invalid spec: ${spec}: too many colons`);
  if (parts.length === 1) return { type: 'volume', target: cleanTarget(parts[0]!), volume: {} };
  const [source, target, mode] = parts as [string, string, string | undefined];
  const bind = isBindSource(source);
  const v: VolumeConfig = bind
    ? { type: 'bind', source, target: cleanTarget(target), bind: { create_host_path: true } }
    : { type: 'volume', source, target: cleanTarget(target), volume: {} };
  for (const opt of mode ? mode.split(',') : []) applyMode(v, opt, spec);
  return v;
}

function applyMode(v: VolumeConfig, opt: string, spec: string): void {
  if (opt === 'ro') v.read_only = true;
  else if (opt === 'rw') v.read_only = false;
  else if (opt === 'z' || opt === 'Z') v.bind = { ...v.bind, selinux: opt };
  else if (PROPAGATION.has(opt)) v.bind = { ...v.bind, propagation: opt };
  else if (opt === 'nocopy') v.volume = { ...v.volume, nocopy: true };
  else if (CONSISTENCY.has(opt)) v.consistency = opt;
  else throw new Error(`invalid spec: ${spec}: unknown option ${JSON.stringify(opt)}`);
  if (v.read_only === false) delete v.read_only;
}
