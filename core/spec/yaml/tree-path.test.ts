import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lookup, pattern, patternTrie, stepTrie, trieValue, type Pattern, type PatternTrie } from './tree-path';
import { TYPE_CASTS } from '../interpolate/type-cast';

/** The trie's answer for a whole path, stepping from the root as the walks do. */
function viaTrie<T>(trie: PatternTrie<T>, path: Array<string | number>): T | undefined {
  let nodes = [trie];
  for (const seg of path) nodes = stepTrie(nodes, seg);
  return trieValue(nodes);
}

// Overlapping patterns of one length: the first one in the table wins, as `lookup` says.
const OVERLAPPING: ReadonlyArray<readonly [Pattern, string]> = [
  ['services.web.ports', 'exact'],
  ['services.*.ports', 'any'],
  ['services.*.ports.[]', 'index'],
  ['services.*.ports.*', 'any-key'],
  ['*.*.*', 'three'],
  ['services.0.x', 'literal-zero'],
].map(([p, v]) => [pattern(p!), v!] as const);

const SEGMENTS = ['services', 'web', 'db', 'ports', 'x', 'secrets', 'mode', 'ulimits', 'nofile', 'hard', 'networks', 'external', '0'];
const paths = fc.array(fc.oneof(fc.constantFrom(...SEGMENTS), fc.nat(3)), { maxLength: 6 });

describe('patternTrie', () => {
  it('answers as lookup does, first table entry first', () => {
    for (const table of [OVERLAPPING, TYPE_CASTS] as const) {
      const trie = patternTrie<unknown>(table);
      fc.assert(fc.property(paths, (path) => viaTrie(trie, path) === lookup<unknown>(table, path)), { numRuns: 2000 });
    }
  });

  it('examples', () => {
    const trie = patternTrie(OVERLAPPING);
    assert.equal(viaTrie(trie, ['services', 'web', 'ports']), 'exact');
    assert.equal(viaTrie(trie, ['services', 'db', 'ports']), 'any');
    assert.equal(viaTrie(trie, ['services', 'db', 'ports', 2]), 'index');
    assert.equal(viaTrie(trie, ['services', 'db', 'ports', 'k']), 'any-key');
    assert.equal(viaTrie(trie, ['services', 0, 'x']), 'three');
    assert.equal(viaTrie(trie, ['services', 'db']), undefined);
  });
});
