import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePaxRecords, PaxXattrTracker } from './pax-xattrs';
import { tarBuffer } from '../../test/fixtures/tar';

test('PAX records keep values as bytes', () => {
  const rec = (k: string, v: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(` ${k}=`), v, Buffer.from('\n')]);
    let len = body.length + 1;
    while (String(len).length + body.length !== len) len = String(len).length + body.length;
    return Buffer.concat([Buffer.from(String(len)), body]);
  };
  const v = Buffer.from([0, 255, 10, 61]);
  const m = parsePaxRecords(Buffer.concat([rec('path', Buffer.from('a/b')), rec('SCHILY.xattr.user.x', v)]));
  assert.equal(m.get('path')?.toString(), 'a/b');
  assert.deepEqual(m.get('SCHILY.xattr.user.x'), v);
});

test('tracker pairs xattrs with entry names whatever the chunking', async () => {
  const long = 'd/'.repeat(80) + 'f';
  const tarball = await tarBuffer([
    { name: 'a', content: 'x'.repeat(700), pax: { 'SCHILY.xattr.user.a': 'A' } },
    { name: 'dir/', type: 'directory' },
    { name: long, content: 'z', pax: { 'SCHILY.xattr.user.b': 'B' } },
    { name: 'l', type: 'symlink', linkname: 'a' },
  ]);
  for (const step of [1, 7, 512, 100_000]) {
    const t = new PaxXattrTracker();
    for (let i = 0; i < tarball.length; i += step) t.feed(tarball.subarray(i, i + step));
    const got = [t.shift(), t.shift(), t.shift(), t.shift(), t.shift()];
    assert.deepEqual(got.map((g) => g?.name), ['a', 'dir/', long, 'l', undefined], `step ${step}`);
    assert.equal(got[0]?.xattrs.get('user.a')?.toString(), 'A');
    assert.equal(got[1]?.xattrs.size, 0);
    assert.equal(got[2]?.xattrs.get('user.b')?.toString(), 'B');
  }
});
