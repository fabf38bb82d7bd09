// The question `docker network prune` / `docker volume prune` ask before removing anything. Without
// a terminal there is nobody to answer, so it counts as "no" (use -f), as image prune does here.
import { createInterface } from 'node:readline/promises';

export async function confirmPrune(warning: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const a = await rl.question(`WARNING! This will remove ${warning}.\nAre you sure you want to continue? [y/N] `);
    return /^y(es)?$/i.test(a.trim());
  } finally {
    rl.close();
  }
}
