// Foreground `up` (compose up.go + start.go watchContainers): stream prefixed logs until every
// container exited; `--abort-on-container-exit` stops the project when one exits; the exit code
// is `--exit-code-from`'s container's, else that of the one that exited first (abort) or 0.
// First Ctrl-C stops gracefully with a visible countdown, the second kills (compose's signal loop).
import type { Writable } from 'node:stream';
import type { ComposeSession } from '../../core/compose/session';
import { streamLogs } from '../../core/compose/logs';
import { LABEL } from '../../core/observe/labels';
import type { Project } from '../../core/spec/index';

export interface ForegroundOptions {
  services: string[];
  abortOnExit: boolean;
  exitCodeFrom?: string;
  color: boolean;
  prefix: boolean;
  timeout?: number;
  out: Writable;
  err: Writable;
  /** True while something else (watch) is restarting or recreating containers: not an end. */
  busy?: () => boolean;
  /** Where SIGINT comes from (tests pass an EventEmitter). */
  signals?: NodeJS.EventEmitter;
}

export async function attachForeground(s: ComposeSession, project: Project, o: ForegroundOptions): Promise<number> {
  const logs = new AbortController();
  const done = streamLogs(s, project.name, { services: o.services, follow: true, timestamps: false, color: o.color, prefix: o.prefix, out: o.out, err: o.err, signal: logs.signal, tail: 'all' });
  const signals = o.signals ?? process;
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts === 1) { void stopAll(s, project, o, false); return; }
    void stopAll(s, project, o, true);
  };
  signals.on('SIGINT', onSigint);
  try {
    const code = await watch(s, project, o, () => interrupts > 0);
    return interrupts > 0 ? 130 : code;
  } finally {
    signals.off('SIGINT', onSigint);
    logs.abort();
    await done.catch(() => undefined);
  }
}

async function watch(s: ComposeSession, project: Project, o: ForegroundOptions, interrupted: () => boolean): Promise<number> {
  let firstExit: number | undefined;
  for (;;) {
    await s.sleep(200);
    const list = await s.engine.listContainers([`${LABEL.project}=${project.name}`, `${LABEL.oneOff}=False`]);
    const mine = list.filter((c) => o.services.length === 0 || o.services.includes(c.Labels?.[LABEL.service] ?? ''));
    const states = await Promise.all(mine.map((c) => s.engine.inspectContainer(c.Id).catch(() => undefined)));
    const exited = states.filter((c) => c !== undefined && (c.State.Status === 'exited' || c.State.Status === 'dead'));
    const from = o.exitCodeFrom === undefined ? undefined : exited.find((c) => c!.Config?.Labels?.[LABEL.service] === o.exitCodeFrom);
    if (firstExit === undefined && exited.length > 0) firstExit = exited[0]!.State.ExitCode;
    if (o.abortOnExit && exited.length > 0 && !interrupted()) {
      o.err.write(`Aborting on container exit...\n`);
      await stopAll(s, project, o, false);
      return from?.State.ExitCode ?? firstExit ?? 0;
    }
    if (o.busy?.() === true) continue;
    if (states.every((c) => c === undefined || c.State.Status !== 'running' && c.State.Status !== 'restarting')) {
      return from?.State.ExitCode ?? (o.exitCodeFrom === undefined ? 0 : firstExit ?? 0);
    }
  }
}

/** Stops (or kills) every running container of the project, printing a countdown while stopping. */
async function stopAll(s: ComposeSession, project: Project, o: ForegroundOptions, kill: boolean): Promise<void> {
  const list = await s.engine.listContainers([`${LABEL.project}=${project.name}`, `${LABEL.oneOff}=False`]);
  const running = list.filter((c) => c.State === 'running');
  if (kill) {
    o.err.write('Killing...\n');
    await Promise.allSettled(running.map((c) => s.client.getContainer(c.Id).kill()));
    return;
  }
  const grace = o.timeout ?? 10;
  o.err.write(`Gracefully stopping... (press Ctrl+C again to force)\n`);
  let left = grace;
  const tick = setInterval(() => { left--; if (left >= 0) o.err.write(`Stopping, ${left}s before kill\n`); }, 1000);
  try {
    await Promise.allSettled(running.map((c) => s.engine.stopContainer(c.Id, o.timeout)));
  } finally {
    clearInterval(tick);
  }
}
