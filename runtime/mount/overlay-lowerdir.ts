// The overlay data string must fit in one page (4096 bytes on this host): mount(2) copies at
// most PAGE_SIZE of it. With many layers, containerd (core/mount/mount_linux.go,
// compactLowerdirOption) chdirs into the layers' common parent and passes relative paths; we do
// the same. Snapshot directories are short (`<root>/snapshots/<n>/fs`) so this is rarely needed.
import { dirname, sep } from 'node:path';

export const MOUNT_DATA_LIMIT = 4096 - 1;

export interface CompactedOptions {
  /** Directory to chdir into before mount(2); undefined when paths stay absolute. */
  chdir?: string;
  data: string[];
}

function commonDir(paths: string[]): string {
  let prefix = dirname(paths[0]);
  for (const p of paths.slice(1)) {
    while (prefix !== sep && !p.startsWith(prefix + sep)) prefix = dirname(prefix);
  }
  return prefix;
}

/**
 * Rewrites lowerdir (and upperdir/workdir when they share the prefix) relative to their common
 * directory when the joined data would exceed one page.
 */
export function compactOverlayData(data: string[]): CompactedOptions {
  if (data.join(',').length <= MOUNT_DATA_LIMIT) return { data };
  const lowerIdx = data.findIndex((d) => d.startsWith('lowerdir='));
  if (lowerIdx < 0) return { data };
  const lowers = data[lowerIdx].slice('lowerdir='.length).split(':');
  if (lowers.length < 2) return { data };
  const base = commonDir(lowers);
  if (base === sep) return { data };
  const rel = (p: string): string => (p.startsWith(base + sep) ? p.slice(base.length + 1) : p);
  const out = data.map((d, i) => {
    if (i === lowerIdx) return 'lowerdir=' + lowers.map(rel).join(':');
    const m = /^(upperdir|workdir)=(.*)$/.exec(d);
    return m ? `${m[1]}=${rel(m[2])}` : d;
  });
  return { chdir: base, data: out };
}
