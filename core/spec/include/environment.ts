// The environment an included project was loaded with (the including one's, plus its include's
// env_file / .env) applies to its services too, not only to its interpolation: compose-go's
// loadYamlModel ends with ResolveEnvironment(dict, config.Environment) for every project it loads,
// included ones with their own environment. Bare `environment:` list entries take the value
// (`- GREETING` → `GREETING=hi`), and configs declared with `environment:` get `content`.
// The mapping form (`GREETING:` with no value) is left to normalisation, as compose-go leaves it.
// Not done: a secret's `environment:` (compose-go keeps the value in an internal extension key,
// and the schema has no `content` for secrets); it is resolved later from the project's env.
type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function resolveIncludedEnvironment(model: Obj, env: Readonly<Record<string, string>>): void {
  const found = (name: string): string | undefined => (Object.hasOwn(env, name) ? env[name] : undefined);
  if (isObj(model.services)) {
    for (const svc of Object.values(model.services)) {
      if (!isObj(svc) || !Array.isArray(svc.environment)) continue;
      svc.environment = svc.environment.map((e) => {
        if (typeof e !== 'string' || e.includes('=')) return e;
        const value = found(e);
        return value === undefined ? e : `${e}=${value}`;
      });
    }
  }
  if (!isObj(model.configs)) return;
  for (const def of Object.values(model.configs)) {
    if (!isObj(def) || typeof def.environment !== 'string') continue;
    const value = found(def.environment);
    if (value !== undefined) def.content = value;
  }
}
