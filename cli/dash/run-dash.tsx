// Runs the dashboard on the terminal until `q`: ink renders App; a shell (`e`) unmounts it, hands
// the terminal to `berth exec` as a child with inherited stdio, and renders again with the same
// model and UI state when the shell ends.
import { spawn } from 'node:child_process';
import { render } from 'ink';
import type { DashModelApi } from '../../core/dash/types';
import { App } from './app';
import type { UiState } from './ui-state';

export interface RunDashOptions {
  model: DashModelApi;
  color: boolean;
  /** argv of this CLI with the flags the dashboard was given (engine, -f, -p), for the shell. */
  berthArgv: string[];
  onFirstFrame?: () => void;
}

/**
 * Ink leaves stdin reading after it unmounts (a paused socket still fills its buffer), so this
 * process would take the keys meant for the shell. Stop reading at the handle, and mark the
 * handle and the stream as not reading, so that node starts the handle again when ink listens
 * next (Readable.read calls _read only when the stream is not `reading`; net.Socket's _read
 * restarts a handle only when its `reading` is false). Measured in test/dash/dash.e2e.test.ts:
 * without it the shell lost the typed command; without the marks the keys were lost after.
 */
function stopReading(stdin: NodeJS.ReadStream): void {
  stdin.pause();
  const s = stdin as unknown as { _handle?: { reading?: boolean; readStop?: () => number }; _readableState?: { reading?: boolean } };
  if (s._handle?.readStop && s._handle.reading) { s._handle.readStop(); s._handle.reading = false; }
  if (s._readableState) s._readableState.reading = false;
}

function shell(argv: string[]): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    child.on('close', () => resolve());
    child.on('error', () => resolve());
  });
}

export async function runDash(o: RunDashOptions): Promise<void> {
  let ui: UiState | undefined;
  for (;;) {
    const app = render(<App model={o.model} color={o.color} initial={ui} onState={(s) => { ui = s; }} />, { exitOnCtrlC: false });
    o.onFirstFrame?.();
    const result = (await app.waitUntilExit()) as { shell?: string[] } | undefined;
    app.cleanup();
    if (result?.shell === undefined) return;
    stopReading(process.stdin);
    process.stdout.write(`$ berth ${result.shell.join(' ')}\n`);
    await shell([...o.berthArgv, ...result.shell]);
  }
}
