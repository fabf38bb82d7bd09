// Which log lines the view shows: by service and by a regular expression (a bad one is reported,
// not thrown), and from where (following the end, or paused at a sequence number and scrolled).
import type { LogLine } from '../../core/dash/types';

export interface LogFilter { services: string[]; pattern: string }

export function compilePattern(pattern: string): { re?: RegExp; error?: string } {
  if (pattern === '') return {};
  try {
    return { re: new RegExp(pattern, 'i') };
  } catch (err) {
    return { error: `bad regular expression: ${(err as Error).message}` };
  }
}

export function filterLines(lines: LogLine[], f: LogFilter): LogLine[] {
  const { re } = compilePattern(f.pattern);
  return lines.filter((l) => (f.services.length === 0 || f.services.includes(l.service)) && (re === undefined || re.test(l.text)));
}

/**
 * The `height` lines to show: the newest when following; when paused, up to the line seen last
 * (`pausedAt`), moved back by `scroll` lines.
 */
export function windowOf(lines: LogLine[], height: number, pausedAt: number | undefined, scroll: number): LogLine[] {
  const end0 = pausedAt === undefined ? lines.length : lines.filter((l) => l.seq <= pausedAt).length;
  const end = Math.max(Math.min(height, end0), end0 - Math.max(0, scroll));
  return lines.slice(Math.max(0, end - height), end);
}
