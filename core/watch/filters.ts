// Each rule's path filter, with the build context's ignore file read from the host: as Docker,
// `<Dockerfile>.dockerignore` beside the Dockerfile wins over the context's `.dockerignore`.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Project } from '../spec';
import { pathFilter, type PathFilter } from './ignore';
import type { WatchRule } from './rules';

/** Docker's .dockerignore lines: comments and blank lines dropped, whitespace trimmed. */
export function ignoreLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

async function contextIgnore(build: { context?: string; dockerfile?: string } | undefined): Promise<{ dir: string; patterns: string[] } | undefined> {
  if (build?.context === undefined || /^[a-z]+:\/\//i.test(build.context)) return undefined;
  const dir = build.context;
  const dockerfile = build.dockerfile === undefined ? undefined : isAbsolute(build.dockerfile) ? build.dockerfile : join(dir, build.dockerfile);
  const candidates = [...(dockerfile ? [`${dockerfile}.dockerignore`] : []), join(dir, '.dockerignore')];
  for (const c of candidates) {
    const text = await readFile(c, 'utf8').catch(() => undefined);
    if (text !== undefined) return { dir, patterns: ignoreLines(text) };
  }
  return { dir, patterns: [] };
}

export async function ruleFilters(project: Project, rules: readonly WatchRule[]): Promise<Map<WatchRule, PathFilter>> {
  const out = new Map<WatchRule, PathFilter>();
  for (const r of rules) {
    const build = project.services[r.service]?.build as { context?: string; dockerfile?: string } | undefined;
    out.set(r, pathFilter({ root: r.path, ignore: r.ignore, include: r.include, context: await contextIgnore(build) }));
  }
  return out;
}
