// The environment of a service as compose-go's WithServicesEnvironmentResolved builds it:
// env_file values first (in order, later files win), then `environment:` on top; bare keys take
// the project environment's value, or stay null (compose passes them unset). label_file likewise
// feeds labels under `labels:`.
import { parseDotenv, parseDotenvRaw } from '../dotenv/parse';
import type { NormalizeContext } from './context';
import type { Obj } from './mappings';

/** A missing env_file / label_file; `field` lets the caller point at the attribute. */
export class EnvFileError extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}

function readEnvFile(path: string, format: unknown, required: boolean, ctx: NormalizeContext, seen: Record<string, string>): Record<string, string> {
  const text = ctx.readFile(path);
  if (text === undefined) {
    if (required) throw new EnvFileError(`env_file: env file ${path} not found`, 'env_file');
    return {};
  }
  if (format === 'raw') return parseDotenvRaw(text);
  // Lookups inside an env file see the shell/project env first, then values read so far.
  return parseDotenv(text, { file: path, lookup: (k) => envValue(ctx, k) ?? (Object.hasOwn(seen, k) ? seen[k] : undefined) });
}

/** Bare keys → project env (or null); env_file contents underneath when resolving env. */
export function resolveEnvironment(svc: Obj, ctx: NormalizeContext): void {
  const own = (svc.environment ?? {}) as Record<string, string | null>;
  const merged: Record<string, string | null> = {};
  if (ctx.resolveEnv && Array.isArray(svc.env_file)) {
    const fromFiles: Record<string, string> = {};
    for (const f of svc.env_file as Obj[]) Object.assign(fromFiles, readEnvFile(String(f.path), f.format, f.required !== false, ctx, fromFiles));
    Object.assign(merged, fromFiles);
  }
  for (const [k, v] of Object.entries(own)) merged[k] = v ?? envValue(ctx, k) ?? (Object.hasOwn(merged, k) ? merged[k]! : null);
  if (Object.keys(merged).length > 0 || svc.environment !== undefined) svc.environment = merged;
}

/** build.args: bare keys from the project env; unresolvable ones dropped (normalize.go). */
export function resolveBuildArgs(svc: Obj, ctx: NormalizeContext): void {
  const build = svc.build as Obj | undefined;
  if (!build?.args) return;
  const args: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(build.args as Record<string, string | null>)) {
    const val = v ?? envValue(ctx, k);
    if (val !== undefined) args[k] = val;
    else if (!ctx.normalize) args[k] = null;
  }
  // An empty map is omitted, as compose prints it (`args,omitempty` on a Go map).
  if (Object.keys(args).length > 0) build.args = args;
  else delete build.args;
}

/** label_file contents under `labels:` (labels declared inline win). */
export function resolveLabels(svc: Obj, ctx: NormalizeContext): void {
  if (!ctx.resolveEnv || !Array.isArray(svc.label_file)) return;
  const merged: Record<string, string> = {};
  for (const path of svc.label_file as string[]) {
    const text = ctx.readFile(path);
    if (text === undefined) throw new EnvFileError(`label_file: label file ${path} not found`, 'label_file');
    Object.assign(merged, parseDotenv(text, { file: path, lookup: () => undefined }));
  }
  svc.labels = { ...merged, ...((svc.labels ?? {}) as Record<string, string>) };
}

/** A variable of the project env; own properties only (`constructor` is a name like any other). */
function envValue(ctx: NormalizeContext, name: string): string | undefined {
  return Object.hasOwn(ctx.env, name) ? ctx.env[name] : undefined;
}
