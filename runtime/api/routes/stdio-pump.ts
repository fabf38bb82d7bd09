// Joins a process's stdio session to a hijacked connection: output framed with stdcopy when there
// is no TTY (raw otherwise), client bytes to stdin, and the connection closed when the output ends.
// As dockerd does, the client closing its write side closes stdin; the client going away detaches.
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
  const forward = (id: typeof STDOUT | typeof STDERR) => (chunk: Buffer): void => {
    output.write(session.tty ? chunk : frame(id, chunk));
  };
  session.stdout?.on('data', forward(STDOUT));
  session.stderr?.on('data', forward(STDERR));
  const ended = Promise.all([finished(session.stdout), finished(session.stderr)]);
  void Promise.all([ended, session.done]).then(() => conn.close(), () => conn.close());
  if (session.stdin) {
    const stdin = session.stdin;
    input.on('data', (chunk: Buffer) => { if (!stdin.destroyed) stdin.write(chunk); });
    input.once('end', () => { if (!stdin.destroyed) stdin.end(); });
    stdin.on('error', () => undefined);
  } else {
    input.resume();
  }
  conn.onGone(() => session.close());
  output.on('error', () => session.close());
}

function finished(s: NodeJS.ReadableStream | undefined): Promise<void> {
  if (!s) return Promise.resolve();
  return new Promise((resolve) => {
    s.once('end', resolve);
    s.once('close', resolve);
    s.once('error', () => resolve());
  });
}
