// A validated compose tree → the normalised project model (long syntax everywhere, resolved
// paths and environment, project-scoped resource names), the order of compose-go's
// loadYamlModel + Normalize + WithServicesEnvironmentResolved.
import { SpecError } from '../errors';
import type { SourceIndex } from '../model-input';
import type { NormalizeContext } from './context';
import { resolveBuildArgs, resolveEnvironment, resolveLabels } from './environment';
import { addDefaultNetwork, addImplicitDependencies } from './implicit';
import { isObj, type Obj } from './mappings';
import { normalizeFileObject, normalizeNetwork, normalizeVolume } from './resources';
import { normalizeService } from './service';

type ResourceFn = (key: string, v: unknown, ctx: NormalizeContext) => Obj;

function section(tree: Obj, key: string, fn: ResourceFn, ctx: NormalizeContext, sources?: SourceIndex): Record<string, Obj> | undefined {
  const src = tree[key];
  if (!isObj(src)) return undefined;
  const out: Record<string, Obj> = {};
  // Names here are the user's (compose-go's userDefinedKeys): `x-net` is a network, not an extension.
  for (const [name, v] of Object.entries(src)) {
    try {
      out[name] = fn(name, v, ctx);
    } catch (err) {
      throw SpecError.at(`${key}.${name}: ${(err as Error).message}`, [key, name], sources, err);
    }
  }
  return out;
}

export function normalizeProject(tree: Obj, ctx: NormalizeContext, sources?: SourceIndex): Obj {
  const services: Record<string, Obj> = {};
  for (const [name, raw] of Object.entries((tree.services ?? {}) as Record<string, Obj>)) {
    try {
      const svc = normalizeService(raw, ctx);
      resolveBuildArgs(svc, ctx);
      resolveEnvironment(svc, ctx);
      resolveLabels(svc, ctx);
      if (ctx.normalize) addImplicitDependencies(svc);
      services[name] = svc;
    } catch (err) {
      const { field, index } = err as { field?: string; index?: number };
      const path: (string | number)[] = field ? ['services', name, field] : ['services', name];
      if (field && index !== undefined) path.push(index);
      throw SpecError.at(`services.${name}.${(err as Error).message}`, path, sources, err);
    }
  }
  const out: Obj = { name: ctx.projectName, services };
  const networks = section(tree, 'networks', normalizeNetwork, ctx, sources) ?? {};
  if (ctx.normalize && addDefaultNetwork(services) && !networks.default) networks.default = normalizeNetwork('default', {}, ctx);
  if (Object.keys(networks).length) out.networks = networks;
  const volumes = section(tree, 'volumes', normalizeVolume, ctx, sources);
  if (volumes) out.volumes = volumes;
  const secrets = section(tree, 'secrets', normalizeFileObject, ctx, sources);
  if (secrets) out.secrets = secrets;
  const configs = section(tree, 'configs', normalizeFileObject, ctx, sources);
  if (configs) out.configs = configs;
  if (isObj(tree.models)) out.models = tree.models;
  for (const [k, v] of Object.entries(tree)) if (k.startsWith('x-')) out[k] = v;
  return out;
}
