// What every corpus stage shares: the outcome of a case and the README's placeholders.
import type { CorpusCase } from '../../core/host/corpus';

export interface Outcome {
  status: 'pass' | 'fail' | 'skip';
  reason?: string;
}

export const HOME = '/home/berth-conformance';

/** Placeholders of expectations and env values replaced for this run. */
export function substitute(text: string, c: CorpusCase, project = ''): string {
  return text.replaceAll('__CASE_DIR__', c.dir).replaceAll('__HOME__', HOME).replaceAll('__PROJECT__', project);
}

export function prepared(c: CorpusCase): CorpusCase {
  const env = Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, substitute(v, c)]));
  return { ...c, env: { HOME, ...env } };
}

