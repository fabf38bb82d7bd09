// Test support: `berth convert` run in process, its stdout and stderr captured.
import { Writable } from 'node:stream';
import { run } from '../../cli/commands/convert';

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { buf += chunk.toString(); cb(); } });
  return { stream, text: () => buf };
}

export async function convert(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env: { HOME: '/root', ...env }, cwd });
  return { code, out: out.text(), err: err.text() };
}
