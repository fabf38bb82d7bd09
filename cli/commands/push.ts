// `berth push [OPTIONS] [SERVICE...]` (compose push): the image of each service that names one.
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { pushImage } from '../../core/engine/registry';
import { progressMode, progressRenderer } from '../render/pull-progress';
import { authFor } from './registry-auth';
import { formatHelp } from '../help';
import { CoreError } from '../../core/errors';

export const help = {
  usage: 'berth push [OPTIONS] [SERVICE...]',
  summary: 'Push service images',
  flags: [
    ['--ignore-push-failures', 'Push what it can and ignores images with push failures'],
    ['--include-deps', 'Also push images of services declared as dependencies'],
    ['-q, --quiet', 'Push without printing progress information'],
  ],
} as const;

const OPTIONS = { 'ignore-push-failures': { type: 'boolean' }, 'include-deps': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } } as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { ctx.stdout.write(formatHelp(help)); return Promise.resolve(0); }
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, project, session }) => {
    const p = requireProject(project);
    for (const n of positionals) if (!p.services[n]) throw new CoreError('NOT_FOUND', `no such service: ${n}`);
    const names = new Set(positionals.length ? positionals : Object.keys(p.services));
    if (v['include-deps']) for (const n of [...names]) for (const d of Object.keys(p.services[n].depends_on ?? {})) names.add(d);
    const images = [...new Set([...names].map((n) => p.services[n].image).filter((i): i is string => !!i))];
    const render = progressRenderer(ctx.stderr, progressMode(undefined, v.quiet === true, ctx.stderr));
    for (const image of images) {
      try {
        await pushImage(session.client, image, { auth: await authFor(image, ctx) }, (m) => render.onMessage(m));
      } catch (err) {
        if (!v['ignore-push-failures']) throw err;
        ctx.stderr.write(`WARNING: ${image}: ${(err as Error).message}\n`);
      }
    }
    return 0;
  });
}
