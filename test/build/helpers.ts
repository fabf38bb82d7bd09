// One in-process engine per build test file: its own root, socket, cgroup parent and network
// prefix, busybox:latest loaded from Debian's busybox-static; a context folder writer; the real
// docker CLI with the classic builder (DOCKER_BUILDKIT=0); close() removes everything it made.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Daemon } from '../../runtime/daemon/main';
import { makeDockerArchive } from '../fixtures/busybox-image';
import { runDocker, type Run } from '../compat/docker-runner';
import { removeCgroupParent, resetNetworks, tempRoot, testNames, unmountUnder, type TempRoot } from '../api/helpers';

export class BuildEngine {
  private constructor(readonly t: TempRoot, public daemon: Daemon, readonly cgroupParent: string, private readonly networkPrefix: string) {}

  static async start(prefix: string): Promise<BuildEngine> {
    const t = await tempRoot(prefix);
    const { networkPrefix } = testNames();
    const cgroupParent = `berth-build-${randomBytes(3).toString('hex')}`;
    const daemon = await Daemon.start({ root: t.root, socketPath: t.socketPath, log: () => undefined, cgroupParent, networkPrefix });
    const e = new BuildEngine(t, daemon, cgroupParent, networkPrefix);
    await mkdir(join(t.dir, 'docker-config'));
    await makeDockerArchive(join(t.dir, 'bb.tar'), { name: 'busybox', tag: 'latest' });
    const r = await e.docker(['load', '-i', join(t.dir, 'bb.tar')]);
    if (r.code !== 0) throw new Error(`docker load: ${r.stderr}`);
    return e;
  }

  /** The docker CLI against this engine, with the classic builder (`input` on its stdin). */
  docker(args: string[], input?: string | Buffer): Promise<Run> {
    // runDocker only writes `input` to the child's stdin, which takes bytes as well as text.
    return runDocker(this.t, args, input as string | undefined, { DOCKER_BUILDKIT: '0' });
  }

  /** Writes `files` (path → content) into a new context folder; returns its path. */
  async context(name: string, files: Record<string, string | Buffer>): Promise<string> {
    const dir = join(this.t.dir, 'ctx', name);
    for (const [p, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, p)), { recursive: true });
      await writeFile(join(dir, p), content);
    }
    await mkdir(dir, { recursive: true });
    return dir;
  }

  /** Stops the engine and starts it again on the same root (what survives a restart). */
  async restart(): Promise<void> {
    await this.daemon.close();
    this.daemon = await Daemon.start({ root: this.t.root, socketPath: this.t.socketPath, log: () => undefined, cgroupParent: this.cgroupParent, networkPrefix: this.networkPrefix });
  }

  async close(): Promise<void> {
    await resetNetworks(this.t.socketPath).catch(() => undefined);
    await this.daemon.close();
    await unmountUnder(this.t.root);
    await removeCgroupParent(this.cgroupParent);
    await this.t.cleanup();
  }
}
