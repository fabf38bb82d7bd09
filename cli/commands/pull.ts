// `berth pull [OPTIONS] [SERVICE...]` (compose pull): every service's image, each distinct image
// once; per-layer progress on a terminal, plain lines otherwise, JSON with --progress json.
import { composeCommand, requireProject, type CommandContext } from '../render/compose-setup';
import { pullServices } from '../../core/compose/pull';
import { CoreError } from '../../core/errors';
import { progressMode, progressRenderer } from '../render/pull-progress';
import { authFor } from './registry-auth';
import { formatHelp } from '../help';

export const help = {
  usage: 'berth pull [OPTIONS] [SERVICE...]',
  summary: 'Pull service images',
  flags: [
    ['--ignore-pull-failures', 'Pull what it can and ignores images with pull failures'],
    ['--include-deps', 'Also pull services declared as dependencies'],
    ['--policy string', 'Apply pull policy ("missing"|"always")'],
    ['-q, --quiet', 'Pull without printing progress information'],
    ['--progress string', 'Progress output: auto, tty, plain, json or quiet'],
  ],
} as const;

const OPTIONS = {
  'ignore-pull-failures': { type: 'boolean' }, 'include-deps': { type: 'boolean' }, policy: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' }, progress: { type: 'string' }, help: { type: 'boolean', short: 'h' },
} as const;

export function run(args: string[], ctx: CommandContext): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { ctx.stdout.write(formatHelp(help)); return Promise.resolve(0); }
  return composeCommand(args, ctx, OPTIONS, async ({ values: v, positionals, project, session }) => {
    if (v.policy !== undefined && v.policy !== 'missing' && v.policy !== 'always') throw new CoreError('INVALID_ARGUMENT', `invalid --policy "${v.policy}": expected missing or always`);
    const mode = progressMode(v.progress, v.quiet === true, ctx.stderr);
    const render = progressRenderer(ctx.stderr, mode);
    const res = await pullServices(session, requireProject(project), {
      services: positionals, policy: v.policy, mode: 'pull', includeDeps: v['include-deps'] === true, ignoreFailures: v['ignore-pull-failures'] === true,
    }, {
      auth: (image) => authFor(image, ctx),
      onMessage: (_svc, m) => render.onMessage(m),
      onService: (svc, event, detail) => {
        if (mode === 'plain' || (mode === 'tty' && event !== 'Pulling')) ctx.stderr.write(`${svc} ${event}${event === 'Error' && detail ? `: ${detail}` : ''}\n`);
      },
    });
    for (const f of res.failed) ctx.stderr.write(`WARNING: ${f.service}: ${f.message}\n`);
    return 0;
  });
}
