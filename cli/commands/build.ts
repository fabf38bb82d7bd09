// `berth build [OPTIONS] [SERVICE...]`: build (or rebuild) the project's services (compose build),
// through the engine's builder; images named `<project>-<service>` unless `image:` says.
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { buildServices } from '../../core/compose/build';
import { CoreError } from '../../core/errors';
import { helpText, lineWriter, wantsHelp } from './build-output';
import { parseKeyValues } from './build-args';

export const help = {
  usage: 'berth build [OPTIONS] [SERVICE...]',
  summary: 'Build or rebuild services',
  flags: [
    ['--build-arg stringArray', 'Set build-time variables for services'],
    ['--no-cache', 'Do not use cache when building the image'],
    ['--pull', 'Always attempt to pull a newer version of the image'],
    ['-q, --quiet', "Don't print anything to STDOUT"],
    ['--push', 'Push service images (not supported yet: use berth image push where available)'],
  ],
} as const;

const OPTIONS = {
  'build-arg': { type: 'string', multiple: true },
  'no-cache': { type: 'boolean' },
  pull: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  push: { type: 'boolean' },
} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  if (wantsHelp(args)) { ctx.stdout.write(helpText(help)); return Promise.resolve(0); }
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, project, session }) => {
    if (v.push) throw new CoreError('NOT_IMPLEMENTED', 'build --push: pushing images is not supported by this engine yet');
    const p = requireProject(project);
    const selected = positionals.length ? positionals : Object.keys(p.services).filter((n) => p.services[n]?.build);
    const out = lineWriter(ctx.stdout, selected.length > 1);
    const ids = await buildServices(session.client, p, positionals, {
      noCache: v['no-cache'], pull: v.pull, buildArgs: parseKeyValues(v['build-arg'] ?? [], '--build-arg'),
    }, v.quiet ? () => undefined : out);
    if (v.quiet) return 0;
    for (const [svc, id] of Object.entries(ids)) ctx.stderr.write(`Service ${svc}  Built ${id.slice(7, 19)}\n`);
    return 0;
  });
}
