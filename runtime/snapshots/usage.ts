// Disk usage of a tree, counting each inode once (hard links), as containerd's fs.DiskUsage.
import { lstat, readdir } from 'node:fs/promises';
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
    size += st.blocks * 512;
    if (st.isDirectory()) for (const n of await readdir(p)) await walk(join(p, n));
  };
  await walk(root);
  return { size, inodes: seen.size };
}
