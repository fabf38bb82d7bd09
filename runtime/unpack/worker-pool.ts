// Layers unpacked on worker threads (worker-main.ts), so a pull uses every core: the daemon's
// thread reads the sockets while the workers write and hash the compressed blobs, gunzip, hash
// the tars and write the files (a 200 MB pull kept the daemon's only thread busy for its whole
// 2.3 s). A worker takes one layer at a time; the pool starts up to `max` of them and
// ends one left idle for `idleMs`, so an idle engine holds none. A worker that dies fails only
// the layer it was on.
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { availableParallelism } from 'node:os';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { EngineError } from '../errors';
import type { ApplyResult } from './apply-layer';
import type { WhiteoutMode } from './whiteout';
import type { FromWorker, ToWorker } from './worker-protocol';
import type { BlobSink } from './record-blob';

export interface ApplyRequest {
  whiteouts: WhiteoutMode;
  maxBytes?: number;
  /** Write the compressed bytes to this ingest file too (record-blob.ts). */
  blob?: BlobSink;
}

/** applyLayer's work on a stream, wherever it runs. */
export type LayerApplier = (input: Readable, root: string, req: ApplyRequest) => Promise<ApplyResult>;

export interface WorkerPoolOptions {
  /**
   * Workers at most: by default one per core, up to a pull's 3 parallel downloads (on 2 cores,
   * 2 workers pulled 200 MB no slower than 3, and the first pull started one fewer).
   */
  max?: number;
  /** An idle worker ends after this long (default 5 s). */
  idleMs?: number;
  /** Called when the last worker has ended (the daemon gives memory back then). */
  onEmpty?: () => void;
  /** Starts a worker (tests run the TypeScript entry and keep a hand on theirs); `new Worker` by default. */
  spawn?: (script: string, options: WorkerOptions) => Worker;
}

/** Compressed bytes sent ahead of the worker's unpacker before the sender waits for acks. */
const AHEAD = 8 << 20;

export class UnpackWorkers {
  private readonly idle: Worker[] = [];
  private readonly waiters: ((w: Worker | Error) => void)[] = [];
  private readonly timers = new Map<Worker, NodeJS.Timeout>();
  private readonly all = new Set<Worker>();
  private jobs = 0;
  private closed = false;

  /** The script's code, read once here: see `evalScript`. */
  private readonly source: string | undefined;

  constructor(private readonly script: string, private readonly opts: WorkerPoolOptions = {}) {
    this.source = opts.spawn ? undefined : evalScript(script);
  }

  /** Workers running now (idle or busy). */
  get size(): number {
    return this.all.size;
  }

  readonly apply: LayerApplier = async (input, root, req) => {
    const worker = await this.take();
    let healthy = false;
    try {
      const result = await this.run(worker, ++this.jobs, input, root, req);
      healthy = true;
      return result;
    } catch (err) {
      healthy = !(err instanceof WorkerDied);
      throw err instanceof WorkerDied ? new EngineError('INTERNAL', err.message, { cause: err }) : err;
    } finally {
      if (healthy) this.give(worker);
      else void this.drop(worker);
    }
  };

  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.waiters.splice(0)) w(new EngineError('UNAVAILABLE', 'the engine is shutting down'));
    await Promise.all([...this.all].map((w) => this.drop(w)));
  }

  private take(): Promise<Worker> {
    if (this.closed) return Promise.reject(new EngineError('UNAVAILABLE', 'the engine is shutting down'));
    const w = this.idle.pop();
    if (w) {
      clearTimeout(this.timers.get(w));
      this.timers.delete(w);
      return Promise.resolve(w);
    }
    if (this.all.size < (this.opts.max ?? Math.min(3, availableParallelism()))) return Promise.resolve(this.start());
    return new Promise((resolve, reject) => this.waiters.push((x) => (x instanceof Error ? reject(x) : resolve(x))));
  }

  private start(): Worker {
    const options: WorkerOptions = { stdout: false, stderr: false };
    const w = this.opts.spawn ? this.opts.spawn(this.script, options) : new Worker(this.source as string, { ...options, eval: true });
    // An error between jobs (none is listening then) must not become the daemon's.
    w.on('error', () => undefined);
    w.once('exit', () => this.drop(w));
    this.all.add(w);
    return w;
  }

  private give(w: Worker): void {
    if (this.closed) return void this.drop(w);
    const next = this.waiters.shift();
    if (next) return next(w);
    this.idle.push(w);
    const t = setTimeout(() => void this.drop(w), this.opts.idleMs ?? 5_000);
    t.unref();
    this.timers.set(w, t);
  }

  private async drop(w: Worker): Promise<void> {
    if (!this.all.delete(w)) return;
    clearTimeout(this.timers.get(w));
    this.timers.delete(w);
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    await w.terminate();
    // A waiter gets a fresh worker in place of the one that went away.
    const next = this.waiters.shift();
    if (next && !this.closed) next(this.start());
    else if (this.all.size === 0) this.opts.onEmpty?.();
  }

  private run(w: Worker, job: number, input: Readable, root: string, req: ApplyRequest): Promise<ApplyResult> {
    return new Promise<ApplyResult>((resolve, reject) => {
      const send = (m: ToWorker, transfer?: ArrayBuffer[]): void => w.postMessage(m, transfer);
      const flow = new Flow();
      let inputError: Error | undefined;
      const settle = (err: Error | undefined, result?: ApplyResult): void => {
        if (flow.done) return;
        flow.finish();
        w.off('message', onMessage);
        w.off('error', onError);
        w.off('exit', onExit);
        if (err) reject(inputError ?? err);
        else resolve(result as ApplyResult);
      };
      const onMessage = (m: FromWorker): void => {
        if (m.job !== job) return;
        if (m.type === 'ack') flow.acked(m.bytes);
        else if (m.type === 'blob') req.blob?.done(m.blob);
        else if (m.type === 'done') settle(undefined, m.result);
        else settle(new EngineError(m.code, m.message));
      };
      const onError = (err: Error): void => settle(new WorkerDied(`unpack worker failed: ${err.message}`));
      const onExit = (code: number): void => settle(new WorkerDied(`unpack worker exited with code ${code}`));
      w.on('message', onMessage);
      w.on('error', onError);
      w.once('exit', onExit);
      send({ job, type: 'apply', root, whiteouts: req.whiteouts, maxBytes: req.maxBytes, blob: req.blob?.path });
      pump(input, flow, (data) => send({ job, type: 'chunk', data }, [data.buffer as ArrayBuffer])).then(
        () => { if (!flow.done) send({ job, type: 'end' }); },
        (err: Error) => {
          if (flow.done) return;
          inputError = err;
          send({ job, type: 'abort', message: err.message });
        },
      );
    });
  }
}

class WorkerDied extends Error {}

/**
 * A CommonJS script's code, wrapped to run as node would run the file, read now: the daemon loads
 * all its code when it starts, and a rebuild prunes the build directory it came from 30 min later
 * (scripts/build.mjs), so a worker started after that must not need the file.
 */
function evalScript(file: string): string {
  const body = readFileSync(file, 'utf8');
  return `const { createRequire } = require('node:module');
(function (exports, require, module, __filename, __dirname) { ${body}
})(module.exports, createRequire(${JSON.stringify(file)}), module, ${JSON.stringify(file)}, ${JSON.stringify(dirname(file))});`;
}

/** How far the sender is ahead of the worker, and a wait for it to catch up. */
class Flow {
  done = false;
  private ahead = 0;
  private wake: (() => void) | undefined;

  sent(n: number): Promise<void> | undefined {
    this.ahead += n;
    if (this.ahead < AHEAD || this.done) return undefined;
    return new Promise((r) => { this.wake = r; });
  }

  acked(n: number): void {
    this.ahead -= n;
    if (this.ahead < AHEAD) this.release();
  }

  finish(): void {
    this.done = true;
    this.release();
  }

  private release(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }
}

/**
 * Sends each chunk, moving its memory to the worker (no copy) when the chunk is all of it; a
 * view into a larger buffer is copied first, so nothing else's bytes go along.
 */
async function pump(input: Readable, flow: Flow, send: (data: Uint8Array) => void): Promise<void> {
  for await (const c of input) {
    if (flow.done) return;
    const chunk = c as Uint8Array;
    const whole = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer;
    const data = whole ? chunk : new Uint8Array(chunk);
    send(data);
    await flow.sent(data.length);
    if (flow.done) return;
  }
}
