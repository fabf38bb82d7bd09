// berthd: wires the services to the API server on a unix socket. Closing the daemon stops the
// API and the services' background work but leaves containers running (their monitors own them),
// so a later daemon on the same root picks them up again.
import { mkdir, rm } from 'node:fs/promises';
import { ApiServer, buildRouter, commonHeaders } from '../api/index';
import type { Backends } from '../api/backend';
import { claimPidFile, releasePidFile } from './pid-file';
import { systemFacts } from './system-facts';
import { wireServices, type WiredServices } from './wire';
import { idleTrimmer } from './memory';
import type { RegistryConfig } from '../distribution/index';

export { crashPointFrom } from './crash-point';

export interface DaemonOptions {
  /** State root (images, containers, ...). */
  root: string;
  /** Path of the API's unix socket. */
  socketPath: string;
  /** One line per call (the daemon's log file). */
  log: (line: string) => void;
  now?: () => number;
  pid?: number;
  /** cgroup parent for containers (default "berth"). */
  cgroupParent?: string;
  /** Prefix of bridges, namespaces and the nftables table (default "berth"; tests use their own). */
  networkPrefix?: string;
  /** Run when the API has been idle a while: `berth engine daemon` passes V8's gc (--expose-gc). */
  idleGc?: () => void;
  /** Tests: awaited inside each container removal's background teardown (a crash window to kill in). */
  beforeTeardown?: (containerId: string) => Promise<void>;
  /** Tests: the daemon SIGKILLs itself at a named step (crash-point.ts, BERTH_TEST_CRASH_AT). */
  crashPoint?: (step: string) => void;
  /** Insecure registries, docker.io mirrors, certs.d directory. */
  registries?: RegistryConfig;
  /** The unpack worker's script (the bundle's unpack-worker.cjs); pulls unpack on the daemon's thread without it. */
  unpackWorker?: string;
}

export class Daemon {
  private constructor(
    private readonly opts: DaemonOptions,
    private readonly server: ApiServer,
    private readonly services: WiredServices,
    readonly backends: Backends,
  ) {}

  static async start(opts: DaemonOptions): Promise<Daemon> {
    const now = opts.now ?? Date.now;
    const pid = opts.pid ?? process.pid;
    await mkdir(opts.root, { recursive: true, mode: 0o711 });
    await claimPidFile(opts.root, opts.socketPath, pid);
    let services: WiredServices | undefined;
    try {
      // Giving garbage back while idle keeps the engine's resident size near its start-up size.
      const trim = idleTrimmer(opts.idleGc);
      services = await wireServices({ root: opts.root, log: opts.log, now, cgroupParent: opts.cgroupParent, networkPrefix: opts.networkPrefix, beforeTeardown: opts.beforeTeardown, crashPoint: opts.crashPoint, registries: opts.registries, unpackWorker: opts.unpackWorker, trimMemory: trim });
      const backends: Backends = { system: await systemFacts(opts.root, services.storageDriver), ...services.backends };
      const server = new ApiServer({
        router: buildRouter(backends, { now }),
        commonHeaders: commonHeaders(),
        onIdle: trim,
        onInternalError: (err, req) => opts.log(`${req.method} ${req.url}: ${(err as Error)?.stack ?? String(err)}`),
      });
      await server.listen(opts.socketPath);
      opts.log(`berthd ${pid} listening on ${opts.socketPath}, root ${opts.root}`);
      return new Daemon(opts, server, services, backends);
    } catch (err) {
      await services?.close().catch(() => undefined);
      await releasePidFile(opts.root, pid);
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.server.close();
    await this.services.close();
    await rm(this.opts.socketPath, { force: true });
    await releasePidFile(this.opts.root, this.opts.pid ?? process.pid);
    this.opts.log('berthd stopped');
  }
}

/** Runs until SIGTERM or SIGINT, then shuts down cleanly; the exit code for the process. */
export async function runDaemon(opts: DaemonOptions): Promise<number> {
  const daemon = await Daemon.start(opts);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  opts.log(`berthd: ${signal}, shutting down (containers keep running)`);
  await daemon.close();
  return 0;
}
