// Image references as the engine lists them: `RepoTags` say `nginx:latest`, a compose file may
// say `nginx` or `docker.io/library/nginx`. Both sides go through `normalizeImageRef` so they meet.

const DEFAULT_DOMAIN_PREFIXES = ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/'];

/** `nginx` → `nginx:latest`; `docker.io/library/nginx:1` → `nginx:1`; digests kept as written. */
export function normalizeImageRef(ref: string): string {
  let out = ref.trim();
  for (const prefix of DEFAULT_DOMAIN_PREFIXES) {
    if (out.startsWith(prefix)) {
      out = out.slice(prefix.length);
      break;
    }
  }
  if (out.includes('@')) return out;
  const lastSlash = out.lastIndexOf('/');
  const lastName = out.slice(lastSlash + 1);
  return lastName.includes(':') ? out : `${out}:latest`;
}
