// Whatever the files contain, the front half either loads them or throws a SpecError: never a
// TypeError from a shape it did not expect (the back half's validation reports those nicely).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadModel } from './model-loader';
import { SpecError } from './errors';
import { createMemoryHost } from '../host/memory-host';

const KEYS = ['image', 'build', 'environment', 'labels', 'ports', 'volumes', 'secrets', 'configs', 'depends_on', 'networks', 'extends',
  'command', 'logging', 'ulimits', 'extra_hosts', 'env_file', 'devices', 'expose', 'dns', 'profiles', 'deploy', 'scale', 'tmpfs'];

const leaf = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('$X', '${Y:-d}', 'a:b', '/x:/y'));
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom(...KEYS, 'target', 'source', 'x'), tie('v'), { maxKeys: 3 })),
})).v;
const service = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 });
const rarely = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 8, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const file = fc.record({
  services: fc.oneof({ weight: 9, arbitrary: fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.oneof({ weight: 9, arbitrary: service }, { weight: 1, arbitrary: value }), { maxKeys: 3 }) }, { weight: 1, arbitrary: value }),
  networks: rarely(value),
  volumes: rarely(value),
  include: rarely(value),
  name: rarely(value),
});

describe('loadModel: arbitrary input', () => {
  it('loads or throws a SpecError, for any pair of files', () => {
    fc.assert(
      fc.property(file, file, (a, b) => {
        const yaml = (t: object) => stringify(JSON.parse(JSON.stringify(t)));
        const host = createMemoryHost({ cwd: '/p', env: { X: '1' }, files: { '/p/compose.yaml': yaml(a), '/p/compose.override.yaml': yaml(b) } });
        try {
          loadModel({ files: [] }, host);
        } catch (err) {
          assert.ok(err instanceof SpecError, `${(err as Error).stack}\n--- a:\n${stringify(a)}--- b:\n${stringify(b)}`);
        }
      }),
      { numRuns: 400 },
    );
  });
});
