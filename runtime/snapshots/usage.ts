// Disk usage of a tree as Docker reports image and layer sizes (moby pkg/directory.Size):
// the apparent sizes of everything but directories, each inode counted once (hard links).
import { lstat, readdir } from 'node:fs/promises';
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Usage } from './types';

export async function diskUsage(root: string): Promise<Usage> {
  const seen = new Set<string>();
  let size = 0;
  const walk = async (p: string): Promise<void> => {
    const st = await lstat(p);
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (st.isDirectory()) {
      for (const n of await readdir(p)) await walk(join(p, n));
    } else {
      size += st.size;
    }
  };
  await walk(root);
  return { size, inodes: seen.size };
}

/**
 * diskUsage with synchronous calls: for a thread with nothing else to do (an unpack worker that
 * just wrote the tree), where 400 entries take ~2 ms instead of ~25 ms of threadpool round trips.
 */
export function diskUsageSync(root: string): Usage {
  const seen = new Set<string>();
  let size = 0;
  const todo = [root];
  for (let p = todo.pop(); p !== undefined; p = todo.pop()) {
    const st = lstatSync(p);
    const id = `${st.dev}:${st.ino}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (st.isDirectory()) for (const n of readdirSync(p)) todo.push(join(p, n));
    else size += st.size;
  }
  return { size, inodes: seen.size };
}
