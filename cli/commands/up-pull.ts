// The pull phase of `berth up` (compose's ensureImagesExists): images missing or due per
// pull_policy (or `up --pull always|missing|never`) are pulled before the plan runs, each once.
import { pullServices } from '../../core/compose/pull';
import type { ComposeSession } from '../../core/compose/session';
import { CoreError } from '../../core/errors';
import type { Project } from '../../core/spec';
import { progressMode, progressRenderer } from '../render/pull-progress';
import { authFor } from './registry-auth';
import type { CommandContext } from '../context';

export async function pullForUp(s: ComposeSession, project: Project, o: { services: string[]; policy?: string; noDeps: boolean; quiet: boolean }, ctx: CommandContext): Promise<void> {
  if (o.policy !== undefined && !['always', 'missing', 'never', 'build'].includes(o.policy)) {
    throw new CoreError('INVALID_ARGUMENT', `invalid --pull "${o.policy}": expected always, missing, never or build`);
  }
  const mode = progressMode(undefined, o.quiet, ctx.stderr);
  const render = progressRenderer(ctx.stderr, mode);
  await pullServices(s, project, { services: o.services, policy: o.policy, mode: 'up', includeDeps: !o.noDeps }, {
    auth: (image) => authFor(image, ctx),
    onMessage: (_svc, m) => render.onMessage(m),
    onService: (svc, event) => { if (!o.quiet && event !== 'Skipped') ctx.stderr.write(` ${svc} ${event}\n`); },
  });
}
