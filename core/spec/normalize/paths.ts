// Relative paths → absolute, against the project directory, as compose-go paths/resolve.go
// does; `~` expands to the home directory. Remote build contexts (URLs, git) stay as written.
import { posix } from 'node:path';
import type { NormalizeContext } from './context';

export function expandHome(p: string, home: string): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return posix.join(home, p.slice(2));
  return p;
}

export function absPath(p: string, ctx: NormalizeContext): string {
  if (!ctx.resolvePaths) return p;
  const e = expandHome(p, ctx.home);
  return posix.isAbsolute(e) ? posix.normalize(e) : posix.join(ctx.workingDir, e);
}

/** Build contexts that are not directories on this host (compose-go isRemoteContext + prefixes). */
export function isRemoteContext(p: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(p) || p.startsWith('git@') || p.startsWith('github.com/')
    || p.startsWith('docker-image://') || p.startsWith('service:') || p.startsWith('oci-layout://');
}

export function contextPath(p: string, ctx: NormalizeContext): string {
  return isRemoteContext(p) ? p : absPath(p, ctx);
}
