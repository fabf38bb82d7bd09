// `berth port [--protocol tcp|udp] [--index N] SERVICE PRIVATE_PORT`: the public address (compose port).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { portOf } from '../../core/compose/listings';
import { CoreError } from '../../core/errors';

const OPTIONS = { protocol: { type: 'string' }, index: { type: 'string' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    const [service, port] = positionals;
    if (service === undefined || port === undefined) throw new CoreError('INVALID_ARGUMENT', 'port: requires SERVICE PRIVATE_PORT');
    ctx.stdout.write(`${await portOf(session, name, service, port, v.protocol ?? 'tcp', Number(v.index ?? '1'))}\n`);
    return 0;
  });
}

export const help = {
  usage: 'berth port [OPTIONS] SERVICE PRIVATE_PORT',
  summary: 'Print the public port for a port binding',
  flags: [
    ['--protocol string', 'tcp or udp (default "tcp")'],
    ['--index int', 'Index of the container if service has multiple replicas'],
  ],
} as const;
