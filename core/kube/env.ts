// environment and env_file (the loader has already read env_file into environment) as a
// ConfigMap the container takes whole with envFrom. A ConfigMap rather than env[].value:
// Kubernetes expands $(VAR) in env values but not in envFrom, and compose gives values verbatim.
import { childName, isDataKey } from './names';
import type { ServiceScope } from './scope';
import type { KubeObject } from './types';

export interface EnvParts {
  configMap?: KubeObject;
  envFrom: unknown[];
}

export function environment(s: ServiceScope): EnvParts {
  const env = s.svc.environment ?? {};
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === null || v === undefined) s.report.dropped([...s.path, 'environment', k], 'unset variable (no value in the shell or .env)');
    else if (!isDataKey(k)) s.report.dropped([...s.path, 'environment', k], 'not a valid ConfigMap key');
    else data[k] = v;
  }
  if (Object.keys(data).length === 0) return { envFrom: [] };
  const name = childName(s.name, 'env');
  return { configMap: s.object('v1', 'ConfigMap', name, { data }), envFrom: [{ configMapRef: { name } }] };
}
