// Image references with Docker's normalisation (github.com/distribution/reference):
//   busybox                → docker.io/library/busybox:latest
//   user/repo:tag          → docker.io/user/repo:tag
//   host:5000/repo@sha256:… keeps its registry; a first component with "." or ":" or equal to
//   "localhost" is a registry, anything else lives on docker.io.
// familiarName() gives the short form Docker prints (busybox:latest, user/repo:tag).
import { EngineError } from '../errors';

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const OFFICIAL_PREFIX = 'library/';

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$|^\[[a-fA-F0-9:]+\](?::[0-9]+)?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const ID_LIKE = /^[a-f0-9]{64}$/;

export interface Reference {
  /** Registry host, e.g. "docker.io", "localhost:5000". */
  domain: string;
  /** Repository path, e.g. "library/busybox". */
  path: string;
  tag?: string;
  digest?: string;
}

function invalid(s: string, why: string): EngineError {
  return new EngineError('INVALID_ARGUMENT', `invalid reference format "${s}": ${why}`);
}

function splitDomain(name: string): { domain: string; path: string } {
  const i = name.indexOf('/');
  const first = i < 0 ? '' : name.slice(0, i);
  if (i < 0 || (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)) {
    return { domain: DEFAULT_DOMAIN, path: i < 0 ? OFFICIAL_PREFIX + name : name };
  }
  let domain = first;
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  let path = name.slice(i + 1);
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  return { domain, path };
}

/** Parses and normalises; tag stays undefined when absent (see withDefaultTag). */
export function parseReference(s: string): Reference {
  if (s.length === 0 || s.length > 255 + 200) throw invalid(s, 'empty or too long');
  let rest = s;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw invalid(s, 'digest must be sha256:<64 hex>');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw invalid(s, `bad tag "${tag}"`);
  }
  if (ID_LIKE.test(rest) && tag === undefined && digest === undefined) {
    throw invalid(s, 'cannot specify 64-byte hexadecimal strings');
  }
  const { domain, path } = splitDomain(rest);
  if (!DOMAIN.test(domain)) throw invalid(s, `bad registry "${domain}"`);
  if (path.length > 255) throw invalid(s, 'repository name too long');
  for (const c of path.split('/')) {
    if (!COMPONENT.test(c)) throw invalid(s, c.toLowerCase() !== c ? 'repository name must be lowercase' : `bad path component "${c}"`);
  }
  return { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** As docker: no tag and no digest means ":latest". */
export function withDefaultTag(r: Reference): Reference {
  return r.tag === undefined && r.digest === undefined ? { ...r, tag: DEFAULT_TAG } : r;
}

export function repository(r: Reference): string {
  return `${r.domain}/${r.path}`;
}

/** The fully qualified string: docker.io/library/busybox:latest, host:5000/a@sha256:… */
export function formatReference(r: Reference): string {
  return repository(r) + (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest !== undefined ? `@${r.digest}` : '');
}

/** Parses, defaults the tag, and formats: the key images are stored under. */
export function normalizeName(s: string): string {
  return formatReference(withDefaultTag(parseReference(s)));
}

/** The short form Docker displays: busybox:latest, user/repo:tag, localhost:5000/x:y. */
export function familiarName(full: string): string {
  const r = parseReference(full);
  let repo = r.domain === DEFAULT_DOMAIN ? r.path : repository(r);
  if (r.domain === DEFAULT_DOMAIN && repo.startsWith(OFFICIAL_PREFIX) && repo.split('/').length === 2) repo = repo.slice(OFFICIAL_PREFIX.length);
  return repo + (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest !== undefined ? `@${r.digest}` : '');
}
