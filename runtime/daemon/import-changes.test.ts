import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChanges } from './import-changes';
import { imageMatches } from './images-backend';
import type { ImageSummary } from '../api/types';

test('import --change: exec and shell forms, ENV and LABEL pairs, EXPOSE, bad commands', () => {
  assert.deepEqual(parseChanges(['CMD ["sh","-c","x"]', 'ENTRYPOINT echo hi', 'ENV A=1 B="two words"', 'ENV C 3', 'LABEL k=v', 'EXPOSE 80 53/udp', 'WORKDIR /w', 'USER app']), {
    Cmd: ['sh', '-c', 'x'], Entrypoint: ['/bin/sh', '-c', 'echo hi'], Env: ['A=1', 'B=two words', 'C=3'], Labels: { k: 'v' },
    ExposedPorts: { '80/tcp': {}, '53/udp': {} }, WorkingDir: '/w', User: 'app',
  });
  assert.throws(() => parseChanges(['RUN true']), /RUN is not a valid change command/);
});

test('image list filters: dangling, reference globs, labels', () => {
  const img = (tags: string[], labels: Record<string, string> = {}): ImageSummary => ({ Id: 'sha256:1', ParentId: '', RepoTags: tags, RepoDigests: [], Created: 0, Size: 0, SharedSize: 0, Labels: labels, Containers: 0 });
  assert.equal(imageMatches(img([]), { dangling: ['true'] }), true);
  assert.equal(imageMatches(img(['bb:latest']), { dangling: ['true'] }), false);
  assert.equal(imageMatches(img(['team/bb:1']), { reference: ['team/*'] }), true);
  assert.equal(imageMatches(img(['team/bb:1']), { reference: ['bb'] }), false);
  assert.equal(imageMatches(img(['bb:1'], { tier: 'web' }), { label: ['tier=web'] }), true);
  assert.equal(imageMatches(img(['bb:1'], { tier: 'web' }), { label: ['tier=db'] }), false);
});
