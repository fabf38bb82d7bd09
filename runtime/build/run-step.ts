// RUN: the command as a container on the engine's own OCI runtime (crun or runc), on the step's
// mounted snapshot, its output streamed to the build's progress as `docker build` shows it. The
// runtime's `run` is called in the foreground: a build step needs no monitor, and its container
// is deleted when it exits. Mount points the runtime had to create (/proc, /dev, /sys...) are
// removed from the layer, as BuildKit removes its empty mount stubs.
import { spawn } from 'node:child_process';
import { lstat, readFile, readdir, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OciRuntimeCli } from '../oci/runtime-cli';
import { buildSpec } from '../oci/spec';
import type { OciMount } from '../oci/spec-types';
import { parseGroup, parsePasswd, resolveUser } from '../oci/user';
import { BuildError } from './errors';
import type { MountedStep } from './rootfs-step';
import { resolveInScope } from './scoped-path';

export interface RunHost {
  runtime: OciRuntimeCli;
  cgroupParent: string;
  host: { arch: string; kernel: string };
}

export interface RunCommandSpec {
  args: string[];
  env: string[];
  cwd: string;
  user: string;
  /** "host" shares the host's network namespace; "none" gets a fresh empty one. */
  network: 'host' | 'none';
  mounts: OciMount[];
  /** Shown in the error: `The command '...' returned a non-zero code: N`. */
  display: string;
}

const TAIL_LINES = 10;

async function userOf(rootfs: string, spec: string): Promise<ReturnType<typeof resolveUser>> {
  const passwd = await readFile(join(rootfs, 'etc/passwd'), 'utf8').catch(() => '');
  const group = await readFile(join(rootfs, 'etc/group'), 'utf8').catch(() => '');
  try {
    return resolveUser(spec, parsePasswd(passwd), parseGroup(group));
  } catch (err) {
    throw new BuildError('INVALID_ARGUMENT', (err as Error).message, { cause: err });
  }
}

export async function runInStep(host: RunHost, m: MountedStep, cmd: RunCommandSpec, out: (text: string) => void): Promise<void> {
  const cwdHost = await resolveInScope(m.rootfs, cmd.cwd);
  await mkdir(cwdHost, { recursive: true });
  const user = await userOf(m.rootfs, cmd.user);
  const id = `berth-build-${m.dir.split('/').pop() as string}`;
  const spec = buildSpec({
    rootfs: m.rootfs, args: cmd.args, env: cmd.env, cwd: cmd.cwd, user, hostname: 'buildkitsandbox',
    network: cmd.network === 'host' ? 'host' : undefined, mounts: cmd.mounts,
    cgroupsPath: `/${host.cgroupParent}/${id}`, host: host.host,
    etcFiles: cmd.network === 'host' ? { resolvConf: '/etc/resolv.conf', hosts: '/etc/hosts' } : undefined,
  });
  await writeFile(join(m.dir, 'config.json'), JSON.stringify(spec));
  const absent = await absentPrefixes(m.rootfs, spec.mounts?.map((x) => x.destination) ?? []);
  try {
    const { code, tail } = await runForeground(host.runtime, m.dir, id, out);
    if (code !== 0) {
      const last = tail.length ? `\n${tail.join('\n')}` : '';
      throw new BuildError('FAILED_PRECONDITION', `The command '${cmd.display}' returned a non-zero code: ${code}${last}`, { exitCode: code });
    }
  } finally {
    await host.runtime.delete(id, true).catch(() => undefined);
    await removeStubs(m.upper, absent);
  }
}

function runForeground(runtime: OciRuntimeCli, bundle: string, id: string, out: (text: string) => void): Promise<{ code: number; tail: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(runtime.path, [...runtime.globalArgs(), 'run', '--bundle', bundle, id], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tail: string[] = [];
    const onData = (chunk: Buffer): void => {
      const text = chunk.toString();
      out(text);
      tail.push(...text.split('\n').filter(Boolean));
      tail.splice(0, Math.max(0, tail.length - TAIL_LINES));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => reject(new BuildError('UNAVAILABLE', `${runtime.name}: ${err.message}`, { cause: err })));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), tail }));
  });
}

/** For each mount destination, the shortest prefix absent from the rootfs before the run. */
async function absentPrefixes(rootfs: string, destinations: string[]): Promise<string[]> {
  const out = new Set<string>();
  for (const d of destinations) {
    const comps = d.split('/').filter(Boolean);
    for (let i = 1; i <= comps.length; i++) {
      const prefix = comps.slice(0, i).join('/');
      if (!(await lstat(join(rootfs, prefix)).catch(() => undefined))) { out.add(prefix); break; }
    }
  }
  return [...out];
}

/** Removes the stubs the runtime created for those prefixes (only while they are still empty). */
async function removeStubs(upper: string, absent: string[]): Promise<void> {
  for (const prefix of absent) {
    const path = join(upper, prefix);
    if (await onlyEmpty(path)) await rm(path, { recursive: true, force: true });
  }
}

/** True when `path` holds nothing but empty directories and empty files (what mount stubs are). */
async function onlyEmpty(path: string): Promise<boolean> {
  const st = await lstat(path).catch(() => undefined);
  if (!st) return false;
  if (st.isFile()) return st.size === 0;
  if (!st.isDirectory()) return false;
  for (const name of await readdir(path)) if (!(await onlyEmpty(join(path, name)))) return false;
  return true;
}
