// WWW-Authenticate challenges as registries send them (RFC 7235; distribution's
// registry/auth/token, Docker Hub, GHCR): `Bearer realm="…",service="…",scope="…"` or
// `Basic realm="…"`. Parameters may be quoted (with \-escapes) or bare tokens.
export interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

const PARAM = /\s*([A-Za-z0-9_.-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/y;

/** The challenges of a 401 (unknown schemes skipped); several headers may be present. */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const values = header === undefined ? [] : Array.isArray(header) ? header : [header];
  const out: Challenge[] = [];
  for (const v of values) {
    const m = /^\s*([A-Za-z]+)\s*(.*)$/s.exec(v);
    if (!m) continue;
    const scheme = m[1].toLowerCase();
    if (scheme !== 'basic' && scheme !== 'bearer') continue;
    out.push({ scheme, params: parseParams(m[2]) });
  }
  return out;
}

function parseParams(s: string): Record<string, string> {
  const params: Record<string, string> = {};
  PARAM.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (PARAM.lastIndex < s.length && (m = PARAM.exec(s)) !== null) {
    params[m[1].toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
  }
  return params;
}
