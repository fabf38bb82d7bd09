// A bench's own engine, driven through bin/berth: the environment that points berth at a state
// root, socket, network prefix and cgroup parent under `dir`, and the cleanup that removes all of
// it (engine state, the engine process, cgroups, mounts, files), also after a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export interface BenchEnv extends NodeJS.ProcessEnv {
  BERTH_ROOT: string;
  BERTH_HOST: string;
  BERTH_NETWORK_PREFIX: string;
  BERTH_CGROUP_PARENT: string;
}

export function benchEnv(dir: string, prefix: string): BenchEnv {
  const hex = Math.random().toString(16).slice(2, 7);
  return { ...process.env, BERTH_ROOT: join(dir, 'root'), BERTH_HOST: `unix://${join(dir, 'berth.sock')}`, BERTH_NETWORK_PREFIX: `${prefix}${hex}`, BERTH_CGROUP_PARENT: `berth-bench-${hex}` };
}

export function cleanupBenchEngine(bin: string, env: BenchEnv, dir: string): void {
  spawnSync(bin, ['engine', 'reset', '--force'], { env });
  spawnSync(bin, ['engine', 'stop'], { env });
  for (const c of existsSync('/sys/fs/cgroup') ? readdirSync('/sys/fs/cgroup') : []) {
    const d = join('/sys/fs/cgroup', c, env.BERTH_CGROUP_PARENT);
    if (existsSync(d)) spawnSync('find', [d, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
  }
  spawnSync('umount', ['-R', '-l', join(dir, 'root')]);
  rmSync(dir, { recursive: true, force: true });
}
