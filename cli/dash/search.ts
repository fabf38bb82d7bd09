// Log search (`n`): jump to the newest match at or above the bottom line shown, then to older ones
// with each `n`, pausing the logs there; the view marks matching lines.
import type { LogLine } from '../../core/dash/types';
import { windowOf } from './log-filter';

export interface SearchPosition { pausedAt: number; scroll: number; searchAt: number }

/**
 * Where the view must stand to show a match as its last line (as near as the top allows).
 * `at.searchAt` = the seq of the match shown last: `n` looks at older lines only; without it the
 * bottom line shown counts too. Undefined when nothing matches.
 */
export function findMatch(lines: LogLine[], re: RegExp, at: { pausedAt?: number; scroll: number; searchAt?: number }, height: number): SearchPosition | undefined {
  if (lines.length === 0) return undefined;
  const pausedAt = at.pausedAt ?? lines[lines.length - 1]!.seq;
  const shown = windowOf(lines, height, pausedAt, at.scroll);
  const bottom = shown.length === 0 ? lines.length - 1 : lines.indexOf(shown[shown.length - 1]!);
  const from = at.searchAt === undefined ? bottom : lines.findIndex((l) => l.seq >= at.searchAt!) - 1;
  for (let i = Math.min(from, lines.length - 1); i >= 0; i--) {
    if (!re.test(lines[i]!.text)) continue;
    const end0 = lines.filter((l) => l.seq <= pausedAt).length;
    return { pausedAt, scroll: end0 - 1 - i, searchAt: lines[i]!.seq };
  }
  return undefined;
}
