// `berth events [--json] [SERVICE...]`: the project's container events as they happen (compose events).
import { composeCommand, type CommandContext } from '../render/compose-setup';
import { projectEvents } from '../../core/compose/listings';

const OPTIONS = { json: { type: 'boolean' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, name, session }) => {
    const stop = new AbortController();
    const onSigint = (): void => stop.abort();
    process.once('SIGINT', onSigint);
    try {
      await projectEvents(session, name, positionals, (e) => {
        if (v.json) ctx.stdout.write(JSON.stringify(e) + '\n');
        else ctx.stdout.write(`${e.time} ${e.type} ${e.action} ${e.id} (${Object.entries(e.attributes).map(([k, val]) => `${k}=${val}`).join(', ')})\n`);
      }, stop.signal);
    } finally {
      process.off('SIGINT', onSigint);
    }
    return 0;
  });
}

export const help = {
  usage: 'berth events [OPTIONS] [SERVICE...]',
  summary: 'Receive real time events from containers',
  flags: [
    ['--json', 'Output events as a stream of json objects'],
  ],
} as const;
