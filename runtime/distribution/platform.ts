// Platforms as `--platform` and image indexes name them (os/arch[/variant]), matched as
// containerd's platforms.Only does for the common cases: arm64 means arm64/v8, arm means arm/v7,
// and an index entry without a variant matches any variant asked for.
import { EngineError } from '../errors';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const ARCH_ALIASES: Record<string, string> = { x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm', i386: '386' };

export function parsePlatform(s: string): Platform {
  const parts = s.trim().toLowerCase().split('/');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => !/^[a-z0-9_.-]+$/.test(p))) {
    throw new EngineError('INVALID_ARGUMENT', `invalid platform "${s}": want os/arch[/variant]`);
  }
  const architecture = ARCH_ALIASES[parts[1]] ?? parts[1];
  return normalizePlatform({ os: parts[0], architecture, ...(parts[2] ? { variant: parts[2] } : {}) });
}

/**
 * The API's `platform` parameter: os/arch[/variant], or the JSON-encoded OCI platform docker 28
 * sends for `push --platform` ({"os":"linux","architecture":"arm64","variant":"v8"}).
 */
export function parsePlatformParam(s: string): Platform {
  if (!s.trimStart().startsWith('{')) return parsePlatform(s);
  let p: Partial<Record<'os' | 'architecture' | 'variant', unknown>>;
  try {
    p = JSON.parse(s) as typeof p;
  } catch (err) {
    throw new EngineError('INVALID_ARGUMENT', `invalid platform ${JSON.stringify(s.slice(0, 100))}: not JSON`, { cause: err });
  }
  const words = [p.os, p.architecture, p.variant].filter((w) => w !== undefined && w !== '');
  if (typeof p.os !== 'string' || typeof p.architecture !== 'string' || words.some((w) => typeof w !== 'string')) {
    throw new EngineError('INVALID_ARGUMENT', `invalid platform ${JSON.stringify(s.slice(0, 100))}: want {"os","architecture"[,"variant"]}`);
  }
  return parsePlatform(words.join('/'));
}

export function normalizePlatform(p: Platform): Platform {
  if (p.architecture === 'arm64' && p.variant === undefined) return { ...p, variant: 'v8' };
  if (p.architecture === 'arm' && p.variant === undefined) return { ...p, variant: 'v7' };
  return p;
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** Whether an index entry's platform serves `want`. */
export function platformMatches(entry: Platform | undefined, want: Platform): boolean {
  if (!entry) return false;
  const e = normalizePlatform(entry);
  const w = normalizePlatform(want);
  return e.os === w.os && e.architecture === w.architecture && (entry.variant === undefined || e.variant === w.variant);
}
