// Test support: the shared conformance corpus, read in place (never copied into the repo).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFsHost } from './fs-host';
import type { ModelOptions, SpecHost } from '../spec/model-input';

/** /work/shared/compose-corpus, found relative to this repository (../shared/compose-corpus). */
export function corpusDir(): string {
  return fileURLToPath(new URL('../../../shared/compose-corpus', import.meta.url));
}

export interface CorpusCase {
  id: string;
  dir: string;
  stage: string;
  compose_files: string[];
  working_dir: string;
  env: Record<string, string>;
  project_name?: string;
  profiles?: string[];
  expect: 'valid' | 'invalid';
  error_contains?: string;
  expected_files?: string[];
  upstream_options?: Record<string, unknown>;
}

export function readCase(id: string): CorpusCase {
  const dir = `${corpusDir()}/${id}`;
  const json = JSON.parse(readFileSync(`${dir}/case.json`, 'utf8')) as Omit<CorpusCase, 'dir'>;
  return { ...json, dir };
}

export function readCorpusFile(id: string, name: string): string {
  return readFileSync(`${corpusDir()}/${id}/${name}`, 'utf8');
}

/**
 * The options `docker compose` would get for this case: `-f` files (relative to the case
 * folder) and, when files are given, the case's working dir as `--project-directory`, as the
 * upstream tests set ConfigDetails.WorkingDir.
 */
export function caseOptions(c: CorpusCase): ModelOptions {
  const files = c.compose_files.map((f) => resolve(c.dir, f));
  return {
    files,
    projectDirectory: files.length > 0 ? resolve(c.dir, c.working_dir) : undefined,
    projectName: c.project_name,
    profiles: c.profiles,
  };
}

/** A host rooted at the case's working dir with only the case's env (nothing from this shell). */
export function caseHost(c: CorpusCase): SpecHost {
  return createFsHost({ HOME: c.env.HOME ?? '/root', ...c.env }, resolve(c.dir, c.working_dir));
}
