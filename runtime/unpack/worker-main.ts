// An unpack worker's side (a worker thread of the daemon, started by worker-pool.ts from its own
// small bundle): recordAndApply on the bytes the daemon sends, so the blob's and the diff id's
// sha256, gunzip, the tar parser and the file writes run beside the daemon's thread, not on it.
import { parentPort } from 'node:worker_threads';
import { Readable } from 'node:stream';
import { createSyscalls } from '../mount/index';
import { EngineError } from '../errors';
import { recordAndApply } from './record-blob';
import type { FromWorker, ToWorker } from './worker-protocol';

/**
 * A Readable fed by messages, acknowledged as they enter its buffer (16 chunks: object mode, so
 * a reader gets each chunk as sent instead of the buffer's bytes copied into one).
 */
class FedInput extends Readable {
  private readonly waiting: Uint8Array[] = [];
  private wanted = false;
  private ended = false;

  constructor(private readonly ack: (bytes: number) => void) {
    super({ objectMode: true, highWaterMark: 16 });
  }

  add(chunk: Uint8Array): void {
    this.waiting.push(chunk);
    if (this.wanted) this._read();
  }

  finish(): void {
    this.ended = true;
    if (this.wanted) this._read();
  }

  override _read(): void {
    this.wanted = true;
    while (this.wanted && this.waiting.length > 0) {
      const c = this.waiting.shift() as Uint8Array;
      this.ack(c.length);
      this.wanted = this.push(Buffer.from(c.buffer, c.byteOffset, c.byteLength));
    }
    if (this.ended && this.waiting.length === 0) this.push(null);
  }
}

export function runUnpackWorker(): Promise<number> {
  const port = parentPort;
  if (!port) return Promise.resolve(2); // only ever started as a worker thread
  const sys = createSyscalls();
  const post = (m: FromWorker): void => port.postMessage(m);
  let current: { job: number; input: FedInput } | undefined;
  port.on('message', (m: ToWorker) => {
    if (m.type === 'apply') {
      const { job } = m;
      const input = new FedInput((bytes) => post({ job, type: 'ack', bytes }));
      current = { job, input };
      const fail = (err: unknown): void => post({ job, type: 'error', code: err instanceof EngineError ? err.code : 'INTERNAL', message: (err as Error).message });
      recordAndApply(input, m.root, { sys, whiteouts: m.whiteouts, maxBytes: m.maxBytes, blob: m.blob, syncWrites: true }).then((r) => {
        if (r.blob) post({ job, type: 'blob', blob: r.blob });
        if ('result' in r.applied) post({ job, type: 'done', result: r.applied.result });
        else fail(r.applied.error);
      }, fail).finally(() => { if (current?.job === job) current = undefined; });
      return;
    }
    if (current?.job !== m.job) return; // the rest of a job that already ended
    if (m.type === 'chunk') current.input.add(m.data);
    else if (m.type === 'end') current.input.finish();
    else current.input.destroy(new EngineError('UNAVAILABLE', m.message));
  });
  // The worker lives until the pool terminates it.
  return new Promise<number>(() => undefined);
}
