// The messages between the daemon and an unpack worker (worker-pool.ts, worker-main.ts): one
// layer at a time per worker, its compressed bytes sent in chunks, each acknowledged once the
// worker's unpacker has taken it, so the daemon holds back when the worker falls behind.
import type { ApplyResult } from './apply-layer';
import type { WhiteoutMode } from './whiteout';
import type { RecordedBlob } from './record-blob';
import type { EngineErrorCode } from '../errors';

// Every message names its job, so a late one of a job that already ended is told apart.
export type ToWorker = { job: number } & (
  /** `blob`: the content store's ingest file to write the compressed bytes to (record-blob.ts). */
  | { type: 'apply'; root: string; whiteouts: WhiteoutMode; maxBytes?: number; blob?: string }
  | { type: 'chunk'; data: Uint8Array }
  | { type: 'end' }
  /** The input failed (a dropped download): the worker stops and answers with an error. */
  | { type: 'abort'; message: string });

export type FromWorker = { job: number } & (
  | { type: 'ack'; bytes: number }
  /** The blob is written (before the job's done or error); the content store fsyncs it. */
  | { type: 'blob'; blob: RecordedBlob }
  | { type: 'done'; result: ApplyResult }
  | { type: 'error'; code: EngineErrorCode; message: string });
