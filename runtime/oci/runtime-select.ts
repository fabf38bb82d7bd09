// Chooses the OCI runtime by what works on this host: crun first (about 12 ms a start here,
// runc 30 ms), runc as the fallback. On cgroup v1 hybrid hosts crun refuses to run while a
// controller (hugetlb, here) sits on the cgroup2 mount; when that controller is free we mount it
// as v1 at /sys/fs/cgroup/<name>, which is what the host's own docker setups do, and retry.
import { mkdtemp, rm, writeFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EngineError } from '../errors';
import type { RunCommand } from './run-command';
import { OciRuntimeCli } from './runtime-cli';

export interface RuntimeCandidate { name: 'crun' | 'runc'; path: string }

export interface SelectOptions {
  candidates?: RuntimeCandidate[];
  /** The runtime's state root (its `--root`). */
  root: string;
  run: RunCommand;
  /** May we mount a free v1 controller to make crun work? (default true) */
  fixHybridCgroups?: boolean;
  /** Where cgroup hierarchies are mounted (tests point it elsewhere). */
  cgroupRoot?: string;
  log?: (msg: string) => void;
}

export interface RuntimeChoice {
  runtime: OciRuntimeCli;
  /** Why this one: printed by the daemon at start-up. */
  reason: string;
}

export const DEFAULT_CANDIDATES: RuntimeCandidate[] = [
  { name: 'crun', path: '/usr/bin/crun' },
  { name: 'runc', path: '/usr/sbin/runc' },
];

const HYBRID = /cgroups in hybrid mode not supported/i;

/** Runs /bin/busybox true in a throw-away bundle with a cgroup, as a real container would. */
export async function probeRuntime(c: RuntimeCandidate, root: string, run: RunCommand): Promise<{ ok: boolean; error: string }> {
  const bundle = await mkdtemp(join(tmpdir(), 'berth-probe-'));
  const id = `berth-probe-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(join(bundle, 'rootfs'));
    await writeFile(join(bundle, 'config.json'), JSON.stringify(probeSpec(id)));
    const r = await run(c.path, [`--root=${root}`, 'run', '--bundle', bundle, id], { timeoutMs: 10_000 })
      .catch((err: Error) => ({ code: -1, stdout: '', stderr: err.message }));
    return { ok: r.code === 0, error: (r.stderr || r.stdout).trim() };
  } finally {
    await run(c.path, [`--root=${root}`, 'delete', '--force', id]).catch(() => undefined);
    await rm(bundle, { recursive: true, force: true });
  }
}

function probeSpec(id: string): object {
  return {
    ociVersion: '1.0.2',
    process: { user: { uid: 0, gid: 0 }, args: ['/true'], cwd: '/', env: [] },
    root: { path: 'rootfs' },
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc' },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'mode=755'] },
      { destination: '/true', type: 'bind', source: '/bin/busybox', options: ['bind', 'ro'] },
    ],
    linux: { namespaces: [{ type: 'pid' }, { type: 'mount' }, { type: 'ipc' }, { type: 'uts' }], cgroupsPath: `/${id}` },
  };
}

/** Controllers attached to the cgroup2 mount while cgroup v1 hierarchies also exist. */
export async function freeHybridControllers(cgroupRoot: string): Promise<string[]> {
  const ctrls = await readFile(join(cgroupRoot, 'unified', 'cgroup.controllers'), 'utf8').catch(() => '');
  const used = await readFile(join(cgroupRoot, 'unified', 'cgroup.subtree_control'), 'utf8').catch(() => '');
  const inUse = new Set(used.split(/\s+/).filter(Boolean));
  return ctrls.split(/\s+/).filter((c) => c && !inUse.has(c));
}

async function mountV1Controllers(names: string[], cgroupRoot: string, run: RunCommand): Promise<void> {
  for (const n of names) {
    const target = join(cgroupRoot, n);
    await mkdir(target, { recursive: true });
    const r = await run('mount', ['-t', 'cgroup', '-o', n, 'cgroup', target]);
    if (r.code !== 0) throw new EngineError('UNAVAILABLE', `mount v1 ${n} controller at ${target}: ${r.stderr.trim()}`);
  }
}

export async function selectRuntime(opts: SelectOptions): Promise<RuntimeChoice> {
  const candidates = opts.candidates ?? DEFAULT_CANDIDATES;
  const cgroupRoot = opts.cgroupRoot ?? '/sys/fs/cgroup';
  const failures: string[] = [];
  for (const c of candidates) {
    const root = join(opts.root, c.name);
    let probe = await probeRuntime(c, root, opts.run);
    let note = '';
    if (!probe.ok && HYBRID.test(probe.error) && opts.fixHybridCgroups !== false) {
      const free = await freeHybridControllers(cgroupRoot);
      if (free.length > 0) {
        opts.log?.(`${c.name}: "${probe.error}"; mounting the v1 ${free.join(',')} controller(s) under ${cgroupRoot} and retrying`);
        try {
          await mountV1Controllers(free, cgroupRoot, opts.run);
          probe = await probeRuntime(c, root, opts.run);
          note = ` after mounting the v1 ${free.join(',')} controller (crun refuses hybrid cgroups while it sits on cgroup2)`;
        } catch (err) {
          probe = { ok: false, error: `${probe.error}; fix failed: ${(err as Error).message}` };
        }
      }
    }
    if (probe.ok) {
      const reason = failures.length ? `${c.name}${note}; skipped ${failures.join('; ')}` : `${c.name} works${note}`;
      opts.log?.(`runtime: ${reason}`);
      return { runtime: new OciRuntimeCli(c.name, c.path, root, opts.run), reason };
    }
    failures.push(`${c.name}: ${probe.error}`);
  }
  throw new EngineError('UNAVAILABLE', `no working OCI runtime: ${failures.join('; ')}`);
}
