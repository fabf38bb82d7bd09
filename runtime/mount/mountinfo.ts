// Reading /proc/self/mountinfo: which paths are mount points now. Used to verify cleanup and to
// find leftovers (a crashed engine's container rootfs) under the state root.
import { readFileSync } from 'node:fs';

export interface MountInfo {
  mountPoint: string;
  fstype: string;
  source: string;
  options: string;
}

/** The kernel escapes space, tab, newline and backslash as \ooo octal. */
function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export function parseMountInfo(text: string): MountInfo[] {
  const out: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [pre, post] = line.split(' - ');
    const f = pre.split(' ');
    const p = (post ?? '').split(' ');
    out.push({ mountPoint: unescape(f[4]), options: f[5], fstype: p[0], source: unescape(p[1] ?? '') });
  }
  return out;
}

/** Mount points equal to or below `prefix`. */
export function mountsUnder(prefix: string, text = readFileSync('/proc/self/mountinfo', 'utf8')): MountInfo[] {
  const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
  return parseMountInfo(text).filter((m) => m.mountPoint === p || m.mountPoint.startsWith(p + '/'));
}
