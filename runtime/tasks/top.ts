// `docker top`: as moby does, run the host's `ps` with the caller's arguments (default -ef) and
// keep the rows whose PID column is one of the container's processes.
import { EngineError } from '../errors';
import type { RunCommand } from '../oci/run-command';

export interface TopResult { Titles: string[]; Processes: string[][] }

export function filterPsOutput(output: string, pids: readonly number[]): TopResult {
  const lines = output.split('\n').filter((l) => l.trim());
  if (lines.length === 0) throw new EngineError('INTERNAL', 'ps printed nothing');
  const titles = lines[0].trim().split(/\s+/);
  const pidCol = titles.indexOf('PID');
  if (pidCol < 0) throw new EngineError('INVALID_ARGUMENT', "couldn't find PID field in ps output");
  const wanted = new Set(pids);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (!wanted.has(Number(fields[pidCol]))) continue;
    // The last column (CMD/COMMAND) may hold spaces: join what is past the titles.
    processes.push([...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')]);
  }
  return { Titles: titles, Processes: processes };
}

export async function top(pids: readonly number[], psArgs: string, run: RunCommand): Promise<TopResult> {
  const args = psArgs.trim() ? psArgs.trim().split(/\s+/) : ['-ef'];
  const r = await run('ps', args);
  if (r.code !== 0) throw new EngineError('INVALID_ARGUMENT', `ps ${args.join(' ')}: ${r.stderr.trim()}`);
  return filterPsOutput(r.stdout, pids);
}
