// Attach for the containers service. conmon's attach socket is SOCK_SEQPACKET, which node's net
// module cannot open, so a container's output is attached by following its log file (conmon
// writes every line there with its stream, k8s-file format) from the moment of the attach: as
// the docker CLI attaches before start, the session waits for the container's `start` event
// and then follows until it stops. With `logs=1` the past output comes first. Stdin of the
// main process is not attachable this way (exec has real stdin pipes).
import { PassThrough } from 'node:stream';
import type { StdioSession } from '../api/backend';
import type { EventBus } from '../events/index';
import type { ContainerService } from '../containers/index';

export interface AttachOptions {
  stdout: boolean;
  stderr: boolean;
  logs: boolean;
  stream: boolean;
}

export function attachByLog(svc: ContainerService, bus: EventBus, ref: string, o: AttachOptions, nowMs: () => number): StdioSession {
  const info = svc.inspect(ref);
  const id = info.Id;
  const tty = info.Config.Tty === true;
  const since = o.logs ? undefined : nowMs() / 1000;
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const abort = new AbortController();
  let running = info.State.Running || !o.stream;
  const started = running ? Promise.resolve() : startOf(bus, id, abort.signal).then(() => { running = true; });
  // A container removed before it ever ran (a failed start with AutoRemove) ends the session; once
  // it ran, the log reader ends by itself when it stops, after the last line.
  const unsubscribe = bus.subscribe(() => { if (!running) abort.abort(); }, { type: ['container'], container: [id], event: ['destroy'] });
  const done = (async () => {
    await started;
    if (abort.signal.aborted) return;
    const entries = svc.logs(id, { stdout: o.stdout, stderr: o.stderr, since, follow: o.stream, signal: abort.signal });
    for await (const e of entries) (e.stream === 'stderr' && !tty ? stderr : stdout).write(e.text);
  })().catch(() => undefined).finally(() => { unsubscribe(); stdout.end(); stderr.end(); });
  return { tty, stdout: o.stdout || tty ? stdout : undefined, stderr: o.stderr && !tty ? stderr : undefined, done, close: () => abort.abort() };
}

/** Resolves on the container's next `start` event (or when the attach is abandoned). */
function startOf(bus: EventBus, id: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = bus.subscribe(() => { unsubscribe(); resolve(); }, { type: ['container'], container: [id], event: ['start'] });
    signal.addEventListener('abort', () => { unsubscribe(); resolve(); }, { once: true });
  });
}
