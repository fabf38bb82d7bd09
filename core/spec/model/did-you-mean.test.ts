import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, levenshtein } from './did-you-mean';

test('levenshtein distance', () => {
  assert.equal(levenshtein('kitten', 'sitting'), 3);
  assert.equal(levenshtein('', 'abc'), 3);
  assert.equal(levenshtein('same', 'same'), 0);
  assert.equal(levenshtein('wbe', 'web'), 1);
  assert.equal(levenshtein('ab', 'ba'), 1);
});

test('suggestions only for near misses', () => {
  assert.equal(didYouMean('servces', ['services', 'networks', 'volumes']), 'services');
  assert.equal(didYouMean('enviroment', ['env_file', 'environment', 'entrypoint']), 'environment');
  assert.equal(didYouMean('Image', ['image', 'init']), 'image');
  assert.equal(didYouMean('frobnicate', ['image', 'ports']), undefined);
});
