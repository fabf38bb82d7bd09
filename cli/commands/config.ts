// `berth config`: load the project and print it as `docker compose config` does (canonical
// YAML or JSON), or one of its listings (--services, --volumes, --hash...). Exit 0 when the
// project is valid, 1 with the error (file:line:col, the line, a caret) on stderr otherwise.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseCommandLine } from '../args/compose-flags';
import { createFsHost } from '../../core/host/fs-host';
import { loadProject, loadRawModel, printProject, serviceConfigHash, toJson, toYaml, type LoadOptions, type Project } from '../../core/spec/index';
import { extractVariables } from '../../core/spec/canonical/variables';
import { buildGraph } from '../../core/graph/graph';
import { CoreError } from '../../core/errors';
import { formatError } from '../format-error';

/** What config needs of the command context (structurally cli/commands/index CommandContext;
 * not imported from there, so the command table and this module do not import each other). */
export interface ConfigContext {
  stdout: Writable;
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

const OPTIONS = {
  format: { type: 'string' },
  services: { type: 'boolean' },
  volumes: { type: 'boolean' },
  networks: { type: 'boolean' },
  models: { type: 'boolean' },
  profiles: { type: 'boolean' },
  images: { type: 'boolean' },
  variables: { type: 'boolean' },
  environment: { type: 'boolean' },
  hash: { type: 'string' },
  output: { type: 'string', short: 'o' },
  quiet: { type: 'boolean', short: 'q' },
  'no-interpolate': { type: 'boolean' },
  'no-normalize': { type: 'boolean' },
  'no-consistency': { type: 'boolean' },
  'no-path-resolution': { type: 'boolean' },
  'no-env-resolution': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommandLine<typeof OPTIONS>>['values'];

export async function run(args: string[], ctx: ConfigContext): Promise<number> {
  try {
    const { globals, values, positionals } = parseCommandLine(args, OPTIONS);
    const format = values.format ?? 'yaml';
    if (format !== 'yaml' && format !== 'json') throw new CoreError('INVALID_ARGUMENT', `unsupported format "${format}": use yaml or json`);
    const host = createFsHost(ctx.env, ctx.cwd);
    const opts: LoadOptions = {
      files: globals.files,
      projectName: globals.projectName,
      projectDirectory: globals.projectDirectory,
      envFiles: globals.envFiles,
      profiles: globals.profiles,
      skipInterpolation: values['no-interpolate'] === true,
      skipPathResolution: values['no-path-resolution'] === true,
      skipNormalization: values['no-normalize'] === true,
      skipConsistency: values['no-consistency'] === true,
      skipEnvResolution: values['no-env-resolution'] === true,
      // `--hash a,b` loads only those services (and what they need), as compose's runHash selects
      // them: an unused service's missing env_file then does not fail it
      services: values.hash !== undefined && values.hash !== '*' ? values.hash.split(',').map((s) => s.trim()) : positionals,
    };
    let text: string;
    if (values.variables) {
      // As compose: the model read without interpolation, so unset required variables are listed, not fatal.
      const { tree } = loadRawModel({ ...opts, skipInterpolation: true }, host);
      text = variables(tree, format);
    } else if (opts.skipInterpolation && !listing(values)) {
      // Uninterpolated values cannot be typed: compose prints the raw merged model, keys sorted.
      const { tree } = loadRawModel(opts, host);
      if (values.quiet) return 0;
      text = format === 'json' ? toJson(tree, { kind: 'map' }) : toYaml(tree, { kind: 'map' });
    } else {
      const project = loadProject(opts, host);
      // Warnings go to stderr, as compose's logrus WARN lines.
      for (const w of project.meta.warnings) ctx.stderr.write(`WARN[0000] ${w}\n`);
      if (values.quiet) return 0;
      text = render(project, values, format);
    }
    if (values.output) writeFileSync(resolve(ctx.cwd, values.output), text);
    else ctx.stdout.write(text);
    return 0;
  } catch (err) {
    ctx.stderr.write(formatError(err) + '\n');
    return 1;
  }
}

function listing(v: Values): boolean {
  return !!(v.services || v.volumes || v.networks || v.models || v.profiles || v.images || v.environment || v.variables || v.hash !== undefined);
}

const lines = (items: string[]): string => items.map((s) => `${s}\n`).join('');

function render(project: Project, v: Values, format: 'yaml' | 'json'): string {
  if (v.services) return lines(serviceOrder(project));
  if (v.volumes) return lines(Object.keys(project.volumes ?? {}).sort());
  if (v.networks) return lines(Object.keys(project.networks ?? {}).sort());
  if (v.models) return lines(Object.values((project.models ?? {}) as Record<string, { model?: string }>).map((m) => m.model ?? '').sort());
  if (v.profiles) return lines(allProfiles(project));
  if (v.images) return lines(Object.entries(project.services).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, s]) => s.image ?? `${project.name}-${n}`));
  if (v.environment) return lines(Object.entries(project.meta.environment).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, val]) => `${k}=${val}`));
  if (v.hash !== undefined) return lines(hashes(project, v.hash));
  return printProject(project as Record<string, unknown>, format, { discardEnvFile: !v['no-env-resolution'] });
}

/** Dependencies first, ties by name, as compose walks services. */
function serviceOrder(project: Project): string[] {
  const g = buildGraph(project.services as Record<string, object>);
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (n: string): void => {
    if (done.has(n)) return;
    done.add(n);
    for (const d of [...g.needs.get(n)!].sort()) visit(d);
    out.push(n);
  };
  for (const n of g.vertices) visit(n);
  return out;
}

function allProfiles(project: Project): string[] {
  const all = new Set<string>();
  for (const s of [...Object.values(project.services), ...Object.values(project.meta.disabledServices)]) {
    for (const p of (s as { profiles?: string[] }).profiles ?? []) all.add(p);
  }
  return [...all].sort();
}

function hashes(project: Project, spec: string): string[] {
  const names = spec === '*' ? Object.keys(project.services).sort() : spec.split(',').map((s) => s.trim());
  return names.map((n) => `${n} ${serviceConfigHash(project, n)}`);
}

function variables(tree: unknown, format: 'yaml' | 'json'): string {
  const vars = extractVariables(tree);
  if (format === 'json') return JSON.stringify(vars, null, 4) + '\n';
  const rows = [['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'], ...Object.values(vars).map((x) => [x.Name, String(x.Required), x.DefaultValue, x.PresenceValue])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 2))).join('').trimEnd() + '\n').join('');
}

export const help = {
  usage: 'berth config [OPTIONS] [SERVICE...]',
  summary: 'Parse, resolve and render compose file in canonical format',
  flags: [
    ['--format string', 'Format the output. Values: [yaml | json] (default "yaml")'],
    ['--services', 'Print the service names, one per line.'],
    ['--volumes', 'Print the volume names, one per line.'],
    ['--networks', 'Print the network names, one per line.'],
    ['--models', 'Print the model names, one per line.'],
    ['--profiles', 'Print the profile names, one per line.'],
    ['--images', 'Print the image names, one per line.'],
    ['--variables', 'Print model variables and default values.'],
    ['--environment', 'Print environment used for interpolation.'],
    ['--hash string', 'Print the service config hash, one per line.'],
    ['-o, --output string', 'Save to file (default to stdout)'],
    ['-q, --quiet', "Only validate the configuration, don't print anything"],
    ['--no-interpolate', "Don't interpolate environment variables"],
    ['--no-normalize', "Don't normalize compose model"],
    ['--no-consistency', "Don't check model consistency - warning: may produce invalid Compose output"],
    ['--no-path-resolution', "Don't resolve file paths"],
    ['--no-env-resolution', "Don't resolve service env files"],
  ],
} as const;
