// A tmux server of the test's own (its own socket name, killed at the end: never the user's),
// running a command in a detached window of a given size; send-keys and capture-pane as helpers.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class Tmux {
  readonly socket = `berth-dash-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

  private tmux(args: string[]): Promise<string> {
    return run('tmux', ['-L', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' }).then((r) => r.stdout);
  }

  /** A session running `argv` in `cwd` with `env` set, in a window of `cols` x `rows`. */
  async start(session: string, argv: string[], o: { cwd: string; env: Record<string, string>; cols: number; rows: number }): Promise<void> {
    const envFlags = Object.entries(o.env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    const quoted = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    await this.tmux(['new-session', '-d', '-s', session, '-x', String(o.cols), '-y', String(o.rows), '-c', o.cwd, ...envFlags, `exec ${quoted}`]);
    // keep the pane after the command ends, so a crash can be read in the capture
    await this.tmux(['set-option', '-t', session, 'remain-on-exit', 'on']);
  }

  /** The screen as text; with `escapes`, with its colour/attribute sequences. */
  capture(session: string, escapes = false): Promise<string> {
    return this.tmux(['capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session]);
  }

  async keys(session: string, ...keys: string[]): Promise<void> {
    await this.tmux(['send-keys', '-t', session, ...keys]);
  }

  /** Literal text (no key names). */
  async type(session: string, text: string): Promise<void> {
    await this.tmux(['send-keys', '-t', session, '-l', text]);
  }

  async resize(session: string, cols: number, rows: number): Promise<void> {
    await this.tmux(['resize-window', '-t', session, '-x', String(cols), '-y', String(rows)]);
  }

  /** True once the pane's command has ended (remain-on-exit keeps the pane). */
  async dead(session: string): Promise<boolean> {
    return (await this.tmux(['display-message', '-p', '-t', session, '#{pane_dead}'])).trim() === '1';
  }

  /** Polls the screen until `check` passes; fails with the last screen. */
  async waitFor(session: string, check: (screen: string) => boolean, what: string, ms = 15_000): Promise<string> {
    const end = Date.now() + ms;
    let screen = '';
    while (Date.now() < end) {
      screen = await this.capture(session).catch(() => screen);
      if (check(screen)) return screen;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
  }

  async kill(): Promise<void> {
    await this.tmux(['kill-server']).catch(() => undefined);
  }
}
