// `docker import --change 'CMD ["sh"]'`: the Dockerfile instructions dockerd accepts there
// (builder/dockerfile: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME,
// WORKDIR), turned into image config defaults. JSON-array forms are exec form; other text is
// shell form (`/bin/sh -c TEXT`), as the Dockerfile parser does.
import type { ContainerDefaults } from '../images/index';
import { EngineError } from '../errors';

function execOrShell(arg: string): string[] {
  const t = arg.trim();
  if (t.startsWith('[')) {
    try {
      const v = JSON.parse(t) as unknown;
      if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
    } catch { /* not JSON: shell form, as Docker falls back */ }
  }
  return ['/bin/sh', '-c', t];
}

/** `K=V K2="V 2"` or the legacy `K V` form. */
function pairs(arg: string): Array<[string, string]> {
  const t = arg.trim();
  if (!t.includes('=')) {
    const sp = t.indexOf(' ');
    return sp < 0 ? [] : [[t.slice(0, sp), t.slice(sp + 1).trim()]];
  }
  const out: Array<[string, string]> = [];
  for (const m of t.matchAll(/([^\s=]+)=("((?:[^"\\]|\\.)*)"|'([^']*)'|\S*)/g)) {
    out.push([m[1], m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[4] ?? m[2]]);
  }
  return out;
}

export function parseChanges(changes: string[]): ContainerDefaults {
  const c: ContainerDefaults = {};
  for (const raw of changes) {
    const line = raw.trim();
    if (!line) continue;
    const sp = line.search(/\s/);
    const cmd = (sp < 0 ? line : line.slice(0, sp)).toUpperCase();
    const arg = sp < 0 ? '' : line.slice(sp + 1).trim();
    switch (cmd) {
      case 'CMD': c.Cmd = execOrShell(arg); break;
      case 'ENTRYPOINT': c.Entrypoint = execOrShell(arg); break;
      case 'ENV': c.Env = [...(c.Env ?? []), ...pairs(arg).map(([k, v]) => `${k}=${v}`)]; break;
      case 'LABEL': c.Labels = { ...c.Labels, ...Object.fromEntries(pairs(arg)) }; break;
      case 'WORKDIR': c.WorkingDir = arg; break;
      case 'USER': c.User = arg; break;
      case 'STOPSIGNAL': c.StopSignal = arg; break;
      case 'EXPOSE':
        for (const p of arg.split(/\s+/).filter(Boolean)) c.ExposedPorts = { ...c.ExposedPorts, [p.includes('/') ? p : `${p}/tcp`]: {} };
        break;
      case 'VOLUME':
        for (const v of arg.startsWith('[') ? execOrShell(arg) : arg.split(/\s+/).filter(Boolean)) c.Volumes = { ...c.Volumes, [v]: {} };
        break;
      case 'ONBUILD': c.OnBuild = [...(c.OnBuild ?? []), arg]; break;
      default: throw new EngineError('INVALID_ARGUMENT', `${cmd} is not a valid change command`);
    }
  }
  return c;
}
