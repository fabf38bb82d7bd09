// `berth pull` and the pull phase of `up` (compose pull.go, create.go's ensureImagesExists): the
// images of the chosen services, each distinct image pulled once however many services use it
// (layers they share are fetched once by the engine), as pull_policy (or --policy / up --pull)
// decides; failures either end the command or, with --ignore-pull-failures, are reported.
import type { JsonMessage } from '../../runtime/api/types';
import { CoreError } from '../errors';
import { pullImage } from '../engine/registry';
import type { Project } from '../spec';
import { decidePull, type ImageState } from './pull-policy';
import type { ComposeSession } from './session';

export interface PullDeps {
  /** X-Registry-Auth for an image (from the user's docker config). */
  auth: (image: string) => Promise<string>;
  onMessage?: (service: string, m: JsonMessage) => void;
  /** A service's image starts pulling / is pulled / was skipped (compose's "Pulling"/"Pulled" lines). */
  onService?: (service: string, event: 'Pulling' | 'Pulled' | 'Skipped' | 'Error', detail?: string) => void;
}

export interface PullRequest {
  services: string[];
  /** --policy for `pull` (missing|always), --pull for `up`: overrides each service's pull_policy. */
  policy?: string;
  /** `pull` pulls every image unless told otherwise; `up` honours pull_policy (default missing). */
  mode: 'pull' | 'up';
  includeDeps?: boolean;
  ignoreFailures?: boolean;
}

export interface PullOutcome { pulled: string[]; failed: { service: string; message: string }[] }

async function imageState(s: ComposeSession, image: string): Promise<ImageState> {
  try {
    const i = await s.client.getImage(image).inspect();
    const t = Date.parse(i.Metadata?.LastTagTime ?? '');
    return { present: true, lastPulled: Number.isNaN(t) || t <= 0 ? undefined : t };
  } catch (err) {
    if ((err as { code?: string }).code === 'NOT_FOUND') return { present: false };
    throw err;
  }
}

/** The chosen services and, with includeDeps, what they depend on (transitively). */
function chosen(project: Project, names: string[], includeDeps: boolean): string[] {
  const all = Object.keys(project.services);
  for (const n of names) if (!all.includes(n)) throw new CoreError('NOT_FOUND', `no such service: ${n}`);
  const out = new Set(names.length ? names : all);
  if (includeDeps) {
    const stack = [...out];
    while (stack.length) for (const d of Object.keys(project.services[stack.pop()!]?.depends_on ?? {})) if (!out.has(d)) { out.add(d); stack.push(d); }
  }
  return all.filter((n) => out.has(n));
}

export async function pullServices(s: ComposeSession, project: Project, req: PullRequest, deps: PullDeps): Promise<PullOutcome> {
  const outcome: PullOutcome = { pulled: [], failed: [] };
  const byImage = new Map<string, Promise<void>>();
  await Promise.all(chosen(project, req.services, req.includeDeps ?? req.mode === 'up').map(async (name) => {
    const svc = project.services[name];
    const image = svc.image;
    if (!image) return;
    const policy = req.policy ?? (req.mode === 'pull' && (svc.pull_policy === undefined || svc.pull_policy === 'missing') ? 'always' : svc.pull_policy);
    if (req.mode === 'pull' && (policy === 'never' || (policy === 'build' && svc.build))) return deps.onService?.(name, 'Skipped', image);
    const decision = decidePull(policy, await imageState(s, image), s.now(), svc.build !== undefined);
    if (decision === 'skip') return;
    if (decision === 'missing-never') throw new CoreError('NOT_FOUND', `service "${name}": image ${image} is not present and its pull_policy is never`);
    if (decision === 'missing-build') throw new CoreError('FAILED_PRECONDITION', `service "${name}": image ${image} must be built (pull_policy build) and is not: run "berth build ${name}" or up without --no-build`);
    let p = byImage.get(image);
    if (!p) {
      deps.onService?.(name, 'Pulling', image);
      // Set before any await, so a second service of the same image joins this pull.
      p = deps.auth(image).then((auth) => pullImage(s.client, image, { auth, platform: svc.platform, signal: s.signal }, (m) => deps.onMessage?.(name, m)));
      byImage.set(image, p);
    }
    try {
      await p;
      outcome.pulled.push(name);
      deps.onService?.(name, 'Pulled', image);
    } catch (err) {
      deps.onService?.(name, 'Error', (err as Error).message);
      if (!req.ignoreFailures) throw err;
      outcome.failed.push({ service: name, message: (err as Error).message });
    }
  }));
  return outcome;
}
