// The loop the docker CLI's `inspect`/`rm`/verbs over NAME... share: every name is tried, failures are
// printed and turn the exit status to 1 while the other names still go through.
import type { CommandContext } from '../context';
import { formatWith } from './engine-format';

/** Runs `fn` for each name; errors are printed with `prefix` (docker: "Error response from daemon: "). */
export async function forEachName(names: string[], ctx: CommandContext, prefix: string, fn: (name: string) => Promise<void>): Promise<number> {
  let status = 0;
  for (const name of names) {
    try {
      await fn(name);
    } catch (err) {
      ctx.stderr.write(`${prefix}${(err as Error).message}\n`);
      status = 1;
    }
  }
  return status;
}

/** One engine call as the docker CLI reports it: exit 0, or its error after "Error response from daemon: " and 1. */
export function daemonCall(ctx: CommandContext, fn: () => Promise<void>): Promise<number> {
  return forEachName([''], ctx, 'Error response from daemon: ', fn);
}

/** `inspect`: a JSON array indented by 4 (as the docker CLI prints it), or one `-f` line per object. */
export async function inspectEach<T extends object>(names: string[], format: string | undefined, ctx: CommandContext, get: (name: string) => Promise<T>, errorPrefix = 'Error response from daemon: '): Promise<number> {
  const found: T[] = [];
  const status = await forEachName(names, ctx, errorPrefix, async (n) => { found.push(await get(n)); });
  if (format) ctx.stdout.write(found.map((o) => formatWith(format, o as Record<string, unknown>) + '\n').join(''));
  else ctx.stdout.write(JSON.stringify(found, null, 4) + '\n');
  return status;
}

/** The usage error docker prints for a missing argument. */
export function needArgs(ctx: CommandContext, command: string, args: string[], min: number, max = Infinity): boolean {
  if (args.length >= min && args.length <= max) return true;
  const what = min === max ? `exactly ${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument${min === 1 ? '' : 's'}`;
  ctx.stderr.write(`berth ${command}: requires ${what}\n`);
  return false;
}
