// One engine per e2e test file, driven through the bundle (bin/berth) as a user would: a temporary
// state root, socket, network prefix and cgroup parent; a busybox docker-archive to load; a
// process runner that collects output with a time limit; and a close() that stops the engine this
// file started (by pid) and removes its mounts, cgroups and files, also after a failure.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { readEnginePid, stopEngineProcess } from '../../core/engine/index';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

export const berthBin = fileURLToPath(new URL('../../bin/berth', import.meta.url));

export interface Run { code: number; stdout: string; stderr: string }

export interface RunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** Written to the process's stdin, which is then closed. */
  input?: string;
  onSpawn?: (p: ChildProcess) => void;
  /** Added to the engine's environment (e.g. an example's port variable). */
  env?: NodeJS.ProcessEnv;
}

/**
 * A TCP port free on 127.0.0.1 now, chosen by the kernel: tests publish there, never on a fixed
 * port a user's own project may hold (examples/shop's 18080 after `npm start`).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export class E2eEngine {
  readonly names = testNames();
  private constructor(readonly t: TempRoot) {}

  /** A fresh root; `bb.tar` (busybox:latest unless `image` says) is written into `t.dir` for `image load`. */
  static async create(prefix: string, image = { name: 'busybox', tag: 'latest' }): Promise<E2eEngine> {
    const e = new E2eEngine(await tempRoot(prefix));
    await makeDockerArchive(e.archive, image);
    return e;
  }

  get archive(): string {
    return join(this.t.dir, 'bb.tar');
  }

  /** The environment that points berth (and, with `docker`, a Docker client) at this engine. */
  env(docker = false): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      ...process.env, BERTH_ROOT: this.t.root, BERTH_HOST: `unix://${this.t.socketPath}`,
      BERTH_NETWORK_PREFIX: this.names.networkPrefix, BERTH_CGROUP_PARENT: this.names.cgroupParent,
      // a test's engine never reaches a registry off loopback, however the test is started
      BERTH_REGISTRY_LOOPBACK_ONLY: '1',
    };
    if (docker) env.DOCKER_HOST = `unix://${this.t.socketPath}`;
    return env;
  }

  /** Writes `compose.yaml` into a new project folder under the root's temp dir. */
  async project(name: string, compose: string): Promise<string> {
    const dir = join(this.t.dir, name);
    await mkdir(dir);
    await writeFile(join(dir, 'compose.yaml'), compose);
    return dir;
  }

  /** Runs `berth ARGS`, or another command with `cmd`, and collects its output. */
  run(args: string[], o: RunOptions & { cmd?: string }): Promise<Run> {
    const [file, argv] = o.cmd ? [o.cmd, args] : [process.execPath, [berthBin, ...args]];
    return new Promise((resolve, reject) => {
      const p = spawn(file, argv, { env: { ...this.env(o.cmd !== undefined), ...o.env }, cwd: o.cwd });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (b: Buffer) => { stdout += b; });
      p.stderr.on('data', (b: Buffer) => { stderr += b; });
      const timer = setTimeout(() => { p.kill('SIGKILL'); reject(new Error(`${o.cmd ?? 'berth'} ${args.join(' ')} timed out`)); }, o.timeoutMs ?? 30_000);
      p.on('close', (code) => { clearTimeout(timer); resolve({ code: code ?? -1, stdout, stderr }); });
      p.stdin.end(o.input);
      o.onSpawn?.(p);
    });
  }

  /** As run(), asserting exit 0. */
  async ok(args: string[], o: RunOptions & { cmd?: string }): Promise<Run> {
    const r = await this.run(args, o);
    assert.equal(r.code, 0, `${o.cmd ?? 'berth'} ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
    return r;
  }

  /** Stops the engine this file started (by its pid file), then removes everything it made. */
  async close(): Promise<void> {
    await resetNetworks(this.t.socketPath).catch(() => undefined);
    const pid = await readEnginePid(this.t.root);
    if (pid !== undefined) await stopEngineProcess(pid);
    await unmountUnder(this.t.root);
    await removeCgroupParent(this.names.cgroupParent);
    await this.t.cleanup();
  }
}
