// Attach for the containers service. conmon's attach socket is SOCK_SEQPACKET, which node's net
// module cannot open, so a container's output is attached by following its log file (conmon
// writes every line there with its stream, k8s-file format) from the moment of the attach: as
// the docker CLI attaches before start, the session waits for the container's `start` event
// and then follows until it stops. With `logs=1` the past output comes first. Stdin (for a
// container created with OpenStdin) goes through conmon's attach socket once it runs; what the
// client sends before that is buffered.
import { PassThrough, pipeline, type Writable } from 'node:stream';
import type { StdioSession } from '../api/backend';
import { writePaced } from '../api/http/backpressure';
import type { EventBus } from '../events/index';
import type { ContainerService } from '../containers/index';

export interface AttachOptions {
  stdin: boolean;
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
    // Paced: a client reading slowly holds the reader back instead of the engine's memory.
    for await (const e of entries) await writePaced(e.stream === 'stderr' && !tty ? stderr : stdout, e.text);
  })().catch(() => undefined).finally(() => { unsubscribe(); stdout.end(); stderr.end(); });
  const stdin = o.stdin && info.Config.OpenStdin ? stdinOnceRunning(svc, id, started, abort.signal) : undefined;
  return { tty, stdin, stdout: o.stdout || tty ? stdout : undefined, stderr: o.stderr && !tty ? stderr : undefined, done, close: () => abort.abort() };
}

/** A stdin that buffers until the container runs, then feeds conmon's attach socket. */
function stdinOnceRunning(svc: ContainerService, id: string, started: Promise<void>, signal: AbortSignal): Writable {
  const buffer = new PassThrough();
  void started.then(() => {
    if (signal.aborted) return;
    const conn = svc.attach(id);
    conn.stdout.resume();
    conn.stderr.resume();
    // The container may exit while the client still writes (`yes | docker run -i ... true`):
    // conmon's socket then refuses the write, which ends this pipe, never the engine.
    pipeline(buffer, conn.stdin, (err) => { if (err) conn.close(); });
    signal.addEventListener('abort', () => conn.close(), { once: true });
  }).catch(() => buffer.destroy());
  return buffer;
}

/** Resolves on the container's next `start` event (or when the attach is abandoned). */
function startOf(bus: EventBus, id: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = bus.subscribe(() => { unsubscribe(); resolve(); }, { type: ['container'], container: [id], event: ['start'] });
    signal.addEventListener('abort', () => { unsubscribe(); resolve(); }, { once: true });
  });
}
