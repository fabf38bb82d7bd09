import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { absPath, isRemoteContext, resolveRelativePaths } from './paths';

describe('resolveRelativePaths', () => {
  it('resolves every path attribute, short and long syntax, and leaves the rest', () => {
    const tree = {
      include: ['inc.yaml', { path: ['a.yaml', '/abs/b.yaml'], project_directory: '..', env_file: 'x.env' }],
      services: {
        s: {
          build: { context: 'ctx', additional_contexts: { a: './a', img: 'docker-image://alpine' } },
          env_file: 'e.env',
          label_file: ['l.env'],
          extends: { file: '../base.yaml', service: 'b' },
          volumes: ['./d:/d:ro', 'vol:/v', '/abs:/abs', { type: 'bind', source: 'src', target: '/t' }, { type: 'volume', source: 'v2', target: '/u' }],
          develop: { watch: [{ path: './src', action: 'sync', target: '/app' }] },
        },
        remote: { build: 'https://github.com/x/y.git#main' },
        list: { build: { additional_contexts: ['a=./a', 'b=docker-image://b'] } },
      },
      secrets: { s: { file: './secret.txt' }, e: { environment: 'X' } },
      configs: { c: { file: '~/conf' } },
      volumes: { data: { driver_opts: { type: 'none', o: 'bind', device: './data' } }, other: { driver_opts: { device: './x' } } },
    };
    resolveRelativePaths(tree, '/p/dir', { home: '/home/u' });
    assert.deepEqual(tree, {
      include: ['/p/dir/inc.yaml', { path: ['/p/dir/a.yaml', '/abs/b.yaml'], project_directory: '/p', env_file: '/p/dir/x.env' }],
      services: {
        s: {
          build: { context: '/p/dir/ctx', additional_contexts: { a: '/p/dir/a', img: 'docker-image://alpine' } },
          env_file: '/p/dir/e.env',
          label_file: ['/p/dir/l.env'],
          extends: { file: '/p/base.yaml', service: 'b' },
          volumes: ['/p/dir/d:/d:ro', 'vol:/v', '/abs:/abs', { type: 'bind', source: '/p/dir/src', target: '/t' }, { type: 'volume', source: 'v2', target: '/u' }],
          develop: { watch: [{ path: '/p/dir/src', action: 'sync', target: '/app' }] },
        },
        remote: { build: 'https://github.com/x/y.git#main' },
        list: { build: { additional_contexts: ['a=/p/dir/a', 'b=docker-image://b'] } },
      },
      secrets: { s: { file: '/p/dir/secret.txt' }, e: { environment: 'X' } },
      configs: { c: { file: '/home/u/conf' } },
      volumes: { data: { driver_opts: { type: 'none', o: 'bind', device: '/p/dir/data' } }, other: { driver_opts: { device: './x' } } },
    });
  });

  it('absPath and isRemoteContext', () => {
    assert.equal(absPath('a/../b', '/p'), '/p/b');
    assert.equal(absPath('/x', '/p'), '/x');
    assert.equal(absPath('~', '/p', '/h'), '/h');
    assert.ok(isRemoteContext('git@github.com:x/y.git'));
    assert.ok(!isRemoteContext('./ctx'));
  });
});
