// `berth logout [SERVER]` (docker logout): forgets the saved credentials (config.json or the
// credential helper). Needs no engine.
import { parseArgs, bool } from './engine-args';
import { formatHelp } from '../help';
import { DockerConfig } from '../../core/registry/docker-config';
import { serverHost } from '../../core/registry/reference';
import type { CommandContext } from '../context';

export const help = {
  usage: 'berth logout [SERVER]',
  summary: 'Log out from a registry (Docker Hub when no server is given)',
  flags: [],
} as const;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { flags, positionals } = parseArgs(args, { help: { short: 'h', type: 'bool' } });
  if (bool(flags, 'help')) { ctx.stdout.write(formatHelp(help)); return 0; }
  if (positionals.length > 1) { ctx.stderr.write(`berth logout: at most 1 argument\n\n${formatHelp(help)}`); return 1; }
  const host = serverHost(positionals[0]);
  const removed = await new DockerConfig(ctx.env).erase(host);
  ctx.stdout.write(removed ? `Removing login credentials for ${host}\n` : `Not logged in to ${host}\n`);
  return 0;
}
