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
    process.stdout.write(`$ berth ${result.shell.join(' ')}\n`);
    await shell([...o.berthArgv, ...result.shell]);
  }
}
