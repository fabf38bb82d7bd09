// Runs a host binary to completion and collects its output; the one place the OCI layer spawns.
import { execFile } from 'node:child_process';

export interface CommandResult {
  /** Exit code; -1 when killed by a signal or the timeout. */
  code: number;
  stdout: string;
  stderr: string;
}

export type RunCommand = (file: string, args: string[], opts?: { input?: string; timeoutMs?: number }) => Promise<CommandResult>;

/** Never rejects on a non-zero exit (the caller decides what it means); rejects when `file` is missing. */
export const runCommand: RunCommand = (file, args, opts = {}) =>
  new Promise((resolve, reject) => {
    const child = execFile(file, args, { timeout: opts.timeoutMs ?? 30_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string }) | null;
      if (e && typeof e.code === 'string') { reject(e); return; }
      resolve({ code: !e ? 0 : typeof e.code === 'number' ? e.code : -1, stdout: String(stdout), stderr: String(stderr) });
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
