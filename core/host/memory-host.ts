// An in-memory SpecHost for tests and for callers that already hold the files' text.
import type { SpecHost } from '../spec/model-input';

export interface MemoryHostInit {
  files: Record<string, string>;
  env?: Record<string, string>;
  cwd?: string;
  home?: string;
}

/** Files keyed by absolute path; directories are implied by the files' parents. */
export function createMemoryHost(init: MemoryHostInit): SpecHost {
  const files = new Map(Object.entries(init.files));
  const dirs = new Set<string>();
  for (const p of files.keys()) {
    for (let d = parentOf(p); d !== ''; d = d === '/' ? '' : parentOf(d)) dirs.add(d);
  }
  const cwd = init.cwd ?? '/';
  const abs = (p: string): string => (p.startsWith('/') || p === '-' ? p : `${cwd.replace(/\/$/, '')}/${p}`);
  return {
    env: init.env ?? {},
    cwd,
    home: init.home ?? '/root',
    readFile: (p) => files.get(abs(p)),
    isDirectory: (p) => dirs.has(abs(p).replace(/(.)\/$/, '$1')),
  };
}

function parentOf(p: string): string {
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}
