// Joins a process's stdio session to a hijacked connection: output framed with stdcopy when there
// is no TTY (raw otherwise), client bytes to stdin, and the connection closed when the output ends.
// As dockerd does, the client closing its write side closes stdin; the client going away detaches.
import type { Readable, Writable } from 'node:stream';
import type { Hijacked } from '../http/context';
import type { StdioSession } from '../backend';
import { compareVersions } from '../version';
import { frame, STDERR, STDOUT } from '../stdcopy';

/** Docker's media types: multiplexed for non-TTY streams from API 1.42 on, raw before and with a TTY. */
export function streamContentType(tty: boolean, apiVersion: string): string {
  return !tty && compareVersions(apiVersion, '1.42') >= 0
    ? 'application/vnd.docker.multiplexed-stream'
    : 'application/vnd.docker.raw-stream';
}

export function pumpSession(session: StdioSession, conn: Hijacked): void {
  const { output, input } = conn;
  // Every stream here may fail at any moment (the client resets, the process exits mid-write):
  // each has a listener, and a failure detaches the session rather than reaching the process.
  output.on('error', () => session.close());
  input.on('error', () => session.close());
  // A client gone mid-stream: the process's output is drained and dropped, so the session ends.
  output.once('close', () => { session.stdout?.resume(); session.stderr?.resume(); });
  forward(session.stdout, output, session.tty ? undefined : STDOUT);
  forward(session.stderr, output, session.tty ? undefined : STDERR);
  const ended = Promise.all([finished(session.stdout), finished(session.stderr)]);
  void Promise.all([ended, session.done]).then(() => conn.close(), () => conn.close());
  if (session.stdin) feedStdin(input, session.stdin);
  else input.resume();
  // the client going away (not its request body ending: attach without Upgrade has none) detaches
  conn.onGone(() => session.close());
}

/** Process output to the client, paused while the client's side is full (bounded memory). */
function forward(from: Readable | undefined, output: Writable, id: typeof STDOUT | typeof STDERR | undefined): void {
  if (!from) return;
  from.on('error', () => undefined);
  from.on('data', (chunk: Buffer) => {
    if (output.destroyed || output.writableEnded) return;
    if (!output.write(id === undefined ? chunk : frame(id, chunk))) {
      from.pause();
      output.once('drain', () => from.resume());
    }
  });
}

/**
 * Client bytes to the process's stdin, paused while stdin is full. Once stdin is gone (the process
 * exited: EPIPE), further input is read and dropped so the output side keeps flowing.
 */
function feedStdin(input: Readable, stdin: Writable): void {
  const gone = (): boolean => stdin.destroyed || stdin.writableEnded;
  stdin.on('error', () => { stdin.destroy(); input.resume(); });
  stdin.on('close', () => input.resume());
  input.on('data', (chunk: Buffer) => {
    if (gone()) return;
    if (!stdin.write(chunk)) {
      input.pause();
      stdin.once('drain', () => input.resume());
    }
  });
  input.once('end', () => { if (!gone()) stdin.end(); });
}

function finished(s: Readable | undefined): Promise<void> {
  if (!s) return Promise.resolve();
  return new Promise((resolve) => {
    s.once('end', resolve);
    s.once('close', resolve);
    s.once('error', () => resolve());
  });
}
