// `--build-arg K=V` / `--label K=V` lists as maps; a bare `K` is kept as null (its value then
// comes from the environment, as the docker CLI and compose take it).
import { CoreError } from '../../core/errors';

export function parseKeyValues(items: string[], flag: string): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const k = eq < 0 ? item : item.slice(0, eq);
    if (!k) throw new CoreError('INVALID_ARGUMENT', `${flag} ${item}: expected KEY=VALUE`);
    out[k] = eq < 0 ? null : item.slice(eq + 1);
  }
  return out;
}
