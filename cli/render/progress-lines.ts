// Progress without a TTY: one line per state change, as compose's plain progress writer
// (`Container demo-web-1  Started`), with errors and warnings spelled out.
import type { Writable } from 'node:stream';
import { resourceOf, type ProgressEvent, type ProgressListener } from '../../core/execute';

export function formatProgress(e: ProgressEvent): string {
  const elapsed = e.elapsedMs === undefined ? '' : ` ${(e.elapsedMs / 1000).toFixed(1)}s`;
  const detail = e.detail === undefined ? '' : `: ${e.detail}`;
  const mark = e.status === 'done' ? '✔' : e.status === 'error' ? '✘' : e.status === 'warning' ? '!' : ' ';
  return `${mark} ${resourceOf(e.op)}  ${e.text}${detail}${e.status === 'working' ? '' : elapsed}\n`;
}

export function plainProgress(out: Writable): ProgressListener {
  return (e) => { out.write(formatProgress(e)); };
}

/**
 * On a TTY: one line per resource, redrawn in place (cursor up + clear line), the way compose's
 * TTY writer keeps a table of resources rather than a scrolling log.
 */
export function ttyProgress(out: Writable): ProgressListener {
  const rows = new Map<string, string>();
  let drawn = 0;
  return (e) => {
    rows.set(resourceOf(e.op) + '\0' + e.op.kind, formatProgress(e));
    const text = [...rows.values()].join('');
    out.write(`${drawn > 0 ? `\x1b[${drawn}A` : ''}\x1b[0J${text}`);
    drawn = rows.size;
  };
}
