// Progress lines. Without a TTY, one line per event as compose's plain writer prints it
// (cmd/display/plain.go: fmt.Fprintln(out, prefix, e.ID, e.Text, e.Details), operands joined by
// spaces: " Container demo-web-1 Started "); on a TTY, one row per resource redrawn in place.
import type { Writable } from 'node:stream';
import { resourceOfEvent, type ProgressEvent, type ProgressListener } from '../../core/execute';

/** A TTY row: status mark, resource, text, detail and elapsed time (compose's TTY writer). */
export function formatProgress(e: ProgressEvent): string {
  const elapsed = e.elapsedMs === undefined ? '' : ` ${(e.elapsedMs / 1000).toFixed(1)}s`;
  const detail = e.detail === undefined ? '' : `: ${e.detail}`;
  const mark = e.status === 'done' ? '✔' : e.status === 'error' ? '✘' : e.status === 'warning' ? '!' : ' ';
  return `${mark} ${resourceOfEvent(e)}  ${e.text}${detail}${e.status === 'working' ? '' : elapsed}\n`;
}

/** compose's plain line: Fprintln of ("", ID, Text, Details), so a space before each operand but the first. */
export function formatPlain(e: ProgressEvent): string {
  return ['', resourceOfEvent(e), e.text, e.detail ?? ''].join(' ') + '\n';
}

export function plainProgress(out: Writable): ProgressListener {
  return (e) => { out.write(formatPlain(e)); };
}

/**
 * On a TTY: one line per resource, redrawn in place (cursor up + clear line), the way compose's
 * TTY writer keeps a table of resources rather than a scrolling log.
 */
export function ttyProgress(out: Writable): ProgressListener {
  const rows = new Map<string, string>();
  let drawn = 0;
  return (e) => {
    rows.set(resourceOfEvent(e) + '\0' + e.op.kind, formatProgress(e));
    const text = [...rows.values()].join('');
    out.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}\x1b[0J${text}`);
    drawn = rows.size;
  };
}

/**
 * `restart`'s words (compose restart.go): each container is "Restarting" then "Started"; the
 * stop's end and the start's beginning, two steps of one docker restart there, are not shown.
 */
export function restartProgress(inner: ProgressListener | undefined): ProgressListener | undefined {
  if (inner === undefined) return undefined;
  return (e) => {
    if (e.op.kind === 'StopContainer') {
      if (e.status === 'working') inner({ ...e, text: 'Restarting' });
      else if (e.status !== 'done') inner(e);
      return;
    }
    if (e.op.kind === 'StartContainer' && e.status === 'working') return;
    inner(e);
  };
}
