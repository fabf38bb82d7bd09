// What the route fuzz sends: JSON values of every kind (nulls, fractions, huge numbers, nested
// lists and maps), a valid body with one field swapped for such a value, broken JSON, and query
// strings with odd values. Strings use an alphabet without "/" and hex digits, so no generated
// value can name a host path or prefix-match a container id.
import fc from 'fast-check';

const safeChars = 'xyzXYZ-_.:=@ %+,'.split('');
export const safeString = fc.string({ unit: fc.constantFrom(...safeChars), maxLength: 10 });

const leaf = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer({ min: -3, max: 3 }), fc.constantFrom(1.5, -1e18, 1e308, 2 ** 63),
  safeString,
);

export const jsonValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf,
    fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(safeString, tie('v'), { maxKeys: 3 })),
})).v;

type Path = Array<string | number>;

function setPath(target: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(target) as Record<string | number, unknown>;
  let cur = copy;
  for (const k of path.slice(0, -1)) cur = cur[k] as Record<string | number, unknown>;
  cur[path[path.length - 1]] = value;
  return copy;
}

/** A body text for a route whose valid body is `template`; `paths` are the fields to break. */
export function bodyText(template: unknown, paths: Path[]): fc.Arbitrary<string> {
  const mutated = fc.tuple(fc.constantFrom(...paths), jsonValue).map(([p, v]) => JSON.stringify(setPath(template, p, v)));
  const broken = fc.constantFrom('', 'null', '[', '{"Image":', '"x"', '1e999', '[]', '{}', 'true', '\u0000');
  return fc.oneof({ weight: 6, arbitrary: mutated }, { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 1, arbitrary: broken });
}

const queryValue = fc.oneof(safeString, fc.constantFrom('0', '1', '-1', 'true', 'False', '1.5', '1e999', '99999999999999999999', 'all', '{}', '[1]', '{"label":[1]}', '{"x":"y"}', '10m', '-5s', 'SIGKILL', 'SIGNOPE'));

/** A query string over `keys`, each present or not, with odd values. */
export function queryText(keys: string[]): fc.Arbitrary<string> {
  if (keys.length === 0) return fc.constant('');
  return fc.dictionary(fc.constantFrom(...keys), queryValue, { maxKeys: keys.length })
    .map((q) => new URLSearchParams(q).toString());
}
