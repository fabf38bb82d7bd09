// compose's pull_policy (compose-spec 05-services.md#pull_policy) as a decision, pure so it is
// tested with plain data: given the policy, whether the image is present and when it was last
// pulled (tagged), pull or not, or fail. `every_<duration>` takes compose's units (w d h m s).
import { CoreError } from '../errors';

export type PullDecision = 'pull' | 'skip' | 'missing-never' | 'missing-build';

const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/** every_12h, every_1w2d → ms; daily and weekly are every_1d and every_1w. */
export function policyInterval(policy: string): number | undefined {
  if (policy === 'daily') return UNIT_MS.d;
  if (policy === 'weekly') return UNIT_MS.w;
  const m = /^every_((?:\d+[wdhms])+)$/.exec(policy);
  if (!m) return undefined;
  let ms = 0;
  for (const [, n, u] of m[1].matchAll(/(\d+)([wdhms])/g)) ms += Number(n) * UNIT_MS[u];
  return ms;
}

export interface ImageState {
  present: boolean;
  /** ms since epoch of the image's last tag (pull), when known. */
  lastPulled?: number;
}

export function decidePull(policy: string | undefined, image: ImageState, now: number, hasBuild: boolean): PullDecision {
  const p = policy === undefined || policy === '' ? (hasBuild ? 'build' : 'missing') : policy === 'if_not_present' ? 'missing' : policy;
  if (p === 'always' || p === 'refresh') return 'pull';
  if (p === 'missing') return image.present ? 'skip' : 'pull';
  if (p === 'never') return image.present ? 'skip' : 'missing-never';
  if (p === 'build') return image.present ? 'skip' : hasBuild ? 'missing-build' : 'pull';
  const every = policyInterval(p);
  if (every === undefined) throw new CoreError('INVALID_ARGUMENT', `invalid pull_policy "${policy}": expected always, missing, never, build, daily, weekly or every_<duration>`);
  if (!image.present || image.lastPulled === undefined) return 'pull';
  return now - image.lastPulled >= every ? 'pull' : 'skip';
}
