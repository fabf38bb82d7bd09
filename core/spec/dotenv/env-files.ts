// Reading several env files into one mapping, as compose-go dotenv.GetEnvFromFile: each file is
// parsed with `${VAR}` looked up in the given environment first, then in what the earlier
// files set; later files override earlier ones.
import { SpecError } from '../errors';
import type { SpecHost } from '../model-input';
import { parseDotenv } from './parse';

export function readEnvFiles(files: readonly string[], host: SpecHost, environment: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const file of files) {
    if (host.isDirectory(file)) throw new SpecError(`${file} is not a file`, { file });
    const text = host.readFile(file);
    if (text === undefined) throw new SpecError(`couldn't find env file: ${file}`, { file, code: 'NOT_FOUND' });
    const vars = parseDotenv(text, { file, lookup: (n) => (Object.hasOwn(environment, n) ? environment[n] : Object.hasOwn(out, n) ? out[n] : undefined) });
    Object.assign(out, vars);
  }
  return out;
}

/** `base` plus the keys of `extra` that `base` lacks (compose-go Mapping.Merge: base wins). */
export function fillMissing(base: Readonly<Record<string, string>>, extra: Readonly<Record<string, string>>): Record<string, string> {
  return { ...extra, ...base };
}
