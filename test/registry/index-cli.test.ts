// The normal multi-platform flow from the command line, against a real registry (plain HTTP on
// loopback) and an engine started by the CLI: `berth image pull --all-platforms`, `image tag`,
// `image push` (the whole index goes up), `image push --platform` (one child; a platform the
// image lacks is refused naming both), and the real docker CLI pulling the other platform of
// what Berth pushed, through berthd.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { E2eEngine } from '../e2e/harness';
import { startRegistry, skopeoPush, type TestRegistry } from './harness';
import { sha } from './registry-put';
import { makeTwoPlatformIndex, otherArch, type TwoPlatforms } from './two-platforms';

const exec = promisify(execFile);
let e: E2eEngine;
let reg: TestRegistry;
let src: TwoPlatforms;

before(async () => {
  e = await E2eEngine.create('berth-indexcli-', { name: 'bb', tag: 'latest' });
  reg = await startRegistry(join(e.t.dir, 'registry'));
  await skopeoPush(e.archive, `${reg.host}/src/cli:host`);
  src = await makeTwoPlatformIndex(reg.url, 'src/cli', 'host', 'multi');
});
after(async () => {
  if (e) {
    await e.run(['engine', 'reset', '--force'], {}).catch(() => undefined);
    await e.close();
  }
  await reg?.stop();
});

async function skopeoRaw(ref: string): Promise<Buffer> {
  const { stdout } = await exec('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://${reg.host}/${ref}`], { encoding: 'buffer' });
  return stdout;
}

test('pull --all-platforms, tag, push: the registry gets the index; push --platform one child', async () => {
  const pulled = await e.ok(['image', 'pull', '--all-platforms', '--progress', 'plain', `${reg.host}/src/cli:multi`], { timeoutMs: 90_000 });
  assert.ok(pulled.stdout.includes(`${src.other.layer.slice(7, 19)}: Download complete`), pulled.stdout);
  assert.equal(pulled.stdout.trim().split('\n').at(-1), `${reg.host}/src/cli:multi`);
  await e.ok(['image', 'tag', `${reg.host}/src/cli:multi`, `${reg.host}/dst/cli:1`], {});
  const pushed = await e.ok(['image', 'push', `${reg.host}/dst/cli:1`], { timeoutMs: 90_000 });
  assert.match(pushed.stdout, new RegExp(`1: digest: ${sha(src.index)} size: ${src.index.length}`));
  assert.ok((await skopeoRaw('dst/cli:1')).equals(src.index));
  const one = await e.ok(['image', 'push', '--platform', `linux/${otherArch}`, `${reg.host}/dst/cli:1`], { timeoutMs: 90_000 });
  assert.match(one.stdout, new RegExp(`1: digest: ${src.other.manifest}`));
  assert.equal(sha(await skopeoRaw('dst/cli:1')), src.other.manifest);
  const none = await e.run(['image', 'push', '--platform', 'linux/s390x', `${reg.host}/dst/cli:1`], {});
  assert.equal(none.code, 1);
  assert.match(none.stderr, new RegExp(`${reg.host}/dst/cli:1: the image has no content for platform linux/s390x`));
});

test('docker pull --platform through berthd takes the other platform of what berth pushed', async () => {
  await e.ok(['image', 'push', `${reg.host}/dst/cli:1`], { timeoutMs: 90_000 });
  const d = await e.run(['pull', '--platform', `linux/${otherArch}`, `${reg.host}/dst/cli:1`], { cmd: 'docker', timeoutMs: 90_000 });
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, new RegExp(`Digest: ${sha(src.index)}`));
  assert.equal((await e.ok(['image', 'inspect', '-f', '{{.Id}}', `${reg.host}/dst/cli:1`], {})).stdout.trim(), src.other.config);
});

test('--help lists the new flags', async () => {
  assert.match((await e.ok(['image', 'pull', '--help'], {})).stdout, /--all-platforms/);
  assert.match((await e.ok(['image', 'push', '--help'], {})).stdout, /--platform string/);
});
