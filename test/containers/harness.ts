// A ContainerService over a temporary state root, with busybox directory rootfs and a fixed
// image config. Every test makes its own and calls `cleanup()` in `finally`/`after`: it kills and
// removes every container, the runtime's state, the cgroup parent, and the temporary dirs.
import { mkdtemp, rm, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { randomBytes } from 'node:crypto';
import { makeBusyboxRootfs, PATH_ENV } from '../fixtures/busybox-image';
import { ContainerService, readHostFacts, type ContainerServiceOptions, type RootfsProvider, type ImageLookup, type ImageDefaults } from '../../runtime/containers/index';
import { EventBus } from '../../runtime/events/index';
import { TaskManager } from '../../runtime/tasks/index';
import { selectRuntime, type RuntimeCandidate } from '../../runtime/oci/runtime-select';
import { runCommand } from '../../runtime/oci/run-command';
import { EngineError } from '../../runtime/errors';

export const IMAGE_ID = 'sha256:' + 'b'.repeat(64);

export class DirRootfs implements RootfsProvider {
  constructor(private readonly base: string) {}
  async prepare(containerId: string): Promise<string> {
    const dir = join(this.base, containerId);
    await makeBusyboxRootfs(dir);
    return dir;
  }
  async release(containerId: string): Promise<void> {
    await rm(join(this.base, containerId), { recursive: true, force: true });
  }
}

export function fixedImages(config: ImageDefaults = { Env: [PATH_ENV], Cmd: ['sh'] }): ImageLookup {
  return {
    async resolve(ref: string) {
      if (ref !== 'busybox' && ref !== IMAGE_ID) throw new EngineError('NOT_FOUND', `No such image: ${ref}`);
      return { id: IMAGE_ID, config };
    },
  };
}

export interface Harness {
  root: string;
  svc: ContainerService;
  events: EventBus;
  tasks: TaskManager;
  opts: ContainerServiceOptions;
  /** A new service over the same root, as after a berthd restart. */
  reopen(): Promise<ContainerService>;
  cleanup(): Promise<void>;
}

export async function makeHarness(o: { runtime?: 'crun' | 'runc'; logSizeMax?: number; images?: ImageLookup; beforeTeardown?: ContainerServiceOptions['beforeTeardown'] } = {}): Promise<Harness> {
  const root = await mkdtemp(join(tmpdir(), 'berth-ct-'));
  const runDir = await mkdtemp(join('/tmp', 'bs-'));
  const candidates: RuntimeCandidate[] | undefined = o.runtime === 'runc' ? [{ name: 'runc', path: '/usr/sbin/runc' }] : undefined;
  const choice = await selectRuntime({ root: join(root, 'runtime'), run: runCommand, candidates });
  const events = new EventBus(() => BigInt(Date.now()) * 1_000_000n);
  const tasks = new TaskManager({ runtime: choice.runtime, run: runCommand });
  const cgroupParent = `berth-test-${randomBytes(4).toString('hex')}`;
  const opts: ContainerServiceOptions = {
    root, runDir, tasks, events, cgroupParent, logSizeMax: o.logSizeMax, beforeTeardown: o.beforeTeardown,
    rootfs: new DirRootfs(join(root, 'rootfs')),
    images: o.images ?? fixedImages(),
    host: await readHostFacts(),
  };
  const services: ContainerService[] = [];
  const svc = await ContainerService.open(opts);
  services.push(svc);
  return {
    root, svc, events, tasks, opts,
    async reopen() { const s = await ContainerService.open(opts); services.push(s); return s; },
    async cleanup() {
      const last = services[services.length - 1];
      for (const c of last.list({ all: true })) await last.remove(c.Id, { force: true }).catch(() => undefined);
      // Removals finish their teardown (runtime delete, rootfs, dirs) in the background: wait for it.
      for (const s of services) { await s.quiesce(); s.close(); }
      // Anything the runtime still knows (a failed test may leave one): force-delete it.
      const ids = await readdir(choice.runtime.root).catch(() => [] as string[]);
      for (const id of ids) await choice.runtime.delete(id, true).catch(() => undefined);
      for (const ctrl of await readdir('/sys/fs/cgroup').catch(() => [] as string[])) {
        await rmdir(join('/sys/fs/cgroup', ctrl, cgroupParent)).catch(() => undefined);
      }
      await rm(root, { recursive: true, force: true });
      await rm(runDir, { recursive: true, force: true });
    },
  };
}

/** Collects a container's whole log as text (stdout and stderr interleaved). */
export async function logText(svc: ContainerService, id: string): Promise<string> {
  let out = '';
  for await (const e of svc.logs(id, {})) out += e.text;
  return out;
}
