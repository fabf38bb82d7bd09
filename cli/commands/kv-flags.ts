// `k=v` flag values as the docker CLI reads them: `--label k=v` (a bare `k` is `k=""`), `--opt k=v`,
// and `--filter k=v` collected into the API's filters map ({"label": ["a=b"], "name": ["x"]}).
import { CoreError } from '../../core/errors';

/** `--label a=b --label c` → { a: 'b', c: '' }; later values win, as opts.ListOpts → map does. */
export function keyValues(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (!key) throw new CoreError('INVALID_ARGUMENT', `invalid key=value: "${item}"`);
    out[key] = eq < 0 ? '' : item.slice(eq + 1);
  }
  return out;
}

/** `--filter name=x --filter label=a=b` → { name: ['x'], label: ['a=b'] } (split at the first `=`). */
export function filtersFrom(items: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CoreError('INVALID_ARGUMENT', `bad format of filter (expected name=value): "${item}"`);
    (out[item.slice(0, eq)] ??= []).push(item.slice(eq + 1));
  }
  return out;
}

/** Labels rendered for `--format` as the docker CLI does: "a=b,c=d" (sorted), "" when none. */
export function labelString(labels: Record<string, string> | null | undefined): string {
  return Object.entries(labels ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',');
}
