// docker exec: exec instances (created, started once, inspected), kept in memory as dockerd keeps
// them. The process inherits the container's config.json process (capabilities, rlimits,
// no-new-privileges) with the exec's Cmd, Env, User, WorkingDir and Tty on top.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ExecCreateRequest, ExecInspect } from '../api/types';
import { EngineError } from '../errors';
import type { OciProcess } from '../oci/spec-types';
import { ALL_CAPABILITIES } from '../oci/capabilities';
import type { TaskManager } from '../tasks/task-manager';
import type { ExecHandle } from '../tasks/exec';
import { consoleSize, resolveUserIn } from './container-spec';
import type { FsafeSyscalls } from '../fsafe/index';
import { mergeEnv } from './merge-config';
import type { ContainerRecord } from './record';

interface ExecInstance {
  id: string;
  containerId: string;
  req: ExecCreateRequest;
  running: boolean;
  started: boolean;
  exitCode: number | null;
  pid: number;
  /** Sets the exec's pty size while it runs (TTY execs only). */
  resize?: (height: number, width: number) => Promise<void>;
}

export class ExecManager {
  private readonly execs = new Map<string, ExecInstance>();

  constructor(private readonly tasks: TaskManager, private readonly fsafe: FsafeSyscalls, private readonly hostCaps: readonly string[] = ALL_CAPABILITIES, private readonly onExit?: (ex: ExecInstance) => void) {}

  create(containerId: string, req: ExecCreateRequest): string {
    if (!req.Cmd || req.Cmd.length === 0) throw new EngineError('INVALID_ARGUMENT', 'No exec command specified');
    const id = randomBytes(32).toString('hex');
    this.execs.set(id, { id, containerId, req, running: false, started: false, exitCode: null, pid: 0 });
    return id;
  }

  get(execId: string): ExecInstance {
    const ex = this.execs.get(execId);
    if (!ex) throw new EngineError('NOT_FOUND', `No such exec instance: ${execId}`);
    return ex;
  }

  idsFor(containerId: string): string[] {
    return [...this.execs.values()].filter((e) => e.containerId === containerId).map((e) => e.id);
  }

  forget(containerId: string): void {
    for (const id of this.idsFor(containerId)) this.execs.delete(id);
  }

  async processFor(rec: ContainerRecord, req: ExecCreateRequest): Promise<OciProcess> {
    const base = JSON.parse(await readFile(join(rec.dir, 'config.json'), 'utf8')).process as OciProcess;
    const user = req.User ? await resolveUserIn(this.fsafe, rec.rootfs, req.User) : undefined;
    const caps = req.Privileged ? [...this.hostCaps] : undefined;
    return {
      ...base,
      args: req.Cmd,
      env: mergeEnv(base.env ?? [], req.Env ?? []),
      cwd: req.WorkingDir || base.cwd,
      terminal: !!req.Tty,
      ...(req.Tty && consoleSize(req.ConsoleSize) ? { consoleSize: consoleSize(req.ConsoleSize) } : {}),
      ...(user ? { user: { uid: user.uid, gid: user.gid, additionalGids: user.additionalGids } } : {}),
      ...(caps ? { capabilities: { bounding: caps, effective: caps, permitted: caps, inheritable: [], ambient: [] } } : {}),
    };
  }

  /** Starts the exec's process; the caller pipes the streams (the API hijacks the connection). */
  async start(execId: string, rec: ContainerRecord, opts: { tty?: boolean } = {}): Promise<ExecHandle> {
    const ex = this.get(execId);
    if (ex.started) throw new EngineError('CONFLICT', `exec ${execId} has already been started`);
    ex.started = true;
    const proc = await this.processFor(rec, { ...ex.req, Tty: opts.tty ?? ex.req.Tty });
    const handle = await this.tasks.exec(rec.id, execId, proc, join(rec.dir, 'exec'));
    ex.running = true;
    ex.pid = handle.pid;
    ex.resize = handle.resize;
    void handle.exited.then((code) => { ex.running = false; ex.resize = undefined; ex.exitCode = code; this.onExit?.(ex); });
    return handle;
  }

  /** POST /exec/{id}/resize: only a running TTY exec has a size; for the others it is a no-op, as dockerd. */
  async resize(execId: string, height: number, width: number): Promise<void> {
    const ex = this.get(execId);
    if (!ex.running) throw new EngineError('CONFLICT', `exec ${execId} is not running`);
    await ex.resize?.(height, width);
  }

  inspect(execId: string): ExecInspect {
    const ex = this.get(execId);
    return {
      CanRemove: false, DetachKeys: '', ID: ex.id, Running: ex.running, ExitCode: ex.exitCode,
      ProcessConfig: { privileged: !!ex.req.Privileged, user: ex.req.User ?? '', tty: !!ex.req.Tty, entrypoint: ex.req.Cmd[0], arguments: ex.req.Cmd.slice(1) },
      OpenStdin: !!ex.req.AttachStdin, OpenStderr: !!ex.req.AttachStderr, OpenStdout: !!ex.req.AttachStdout,
      ContainerID: ex.containerId, Pid: ex.pid,
    };
  }
}
