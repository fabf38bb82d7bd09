// x-kubernetes blocks are merged into the generated objects for what compose cannot say:
// mappings merge key by key, anything else (lists included) replaces, as a strategic merge
// patch without merge keys would. The user's block wins.

export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isMap(base) || !isMap(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) {
    if (k === '__proto__') continue;
    out[k] = k in out ? deepMerge(out[k], v) : v;
  }
  return out as T;
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The x-kubernetes block of a compose element, or an empty one. */
export function xKubernetes(element: unknown): Record<string, unknown> {
  const x = isMap(element) ? element['x-kubernetes'] : undefined;
  return isMap(x) ? x : {};
}
