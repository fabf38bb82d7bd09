// Bad compose input fails early and changes nothing: `up -d` on a file whose values the engine
// would refuse (restart policy typo, port with an unknown protocol, an invalid host IP, too many
// parts) exits 1 with file:line:col before any network, volume or container exists, against a
// real engine through the bundle.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { E2eEngine } from './harness';

let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-e2e-bad-');
  // The engine is started first (by a command that needs it), so "nothing created" is observed, not assumed.
  await e.ok(['image', 'load', '-i', e.archive], {});
});
after(async () => { await e.close(); });

const CASES: [name: string, service: string, line: string][] = [
  ['restart-typo', '    restart: alwayz\n', ':7:5: services.web.restart: invalid restart policy: unknown policy \'alwayz\''],
  ['port-protocol', '    ports: ["127.0.0.1:0:80/tpc"]\n', ':7:13: services.web.ports[0]: invalid proto: tpc'],
  ['port-host-ip', '    ports: ["127.0.0.256:0:80"]\n', ':7:13: services.web.ports[0]: invalid IP address: 127.0.0.256'],
  ['port-parts', '    ports: ["127.0.0.1:1:2:80"]\n', ':7:13: services.web.ports[0]: invalid IP address: 127.0.0.1:1'],
];

for (const [name, bad, message] of CASES) {
  test(`up -d refuses ${name} with its position and creates nothing`, async () => {
    const compose = `name: bad-${name}\nservices:\n  db:\n    image: busybox:latest\n  web:\n    image: busybox:latest\n${bad}    volumes: [data:/data]\nvolumes:\n  data: {}\n`;
    const dir = await e.project(name, compose);
    const up = await e.run(['up', '-d'], { cwd: dir });
    assert.equal(up.code, 1, up.stderr);
    assert.ok(up.stderr.startsWith(`${dir}/compose.yaml${message}`), up.stderr);
    assert.equal((await e.ok(['container', 'ls', '-a', '-q'], { cwd: dir })).stdout, '');
    assert.doesNotMatch((await e.ok(['network', 'ls', '--format', '{{.Name}}'], { cwd: dir })).stdout, new RegExp(`bad-${name}`));
    assert.equal((await e.ok(['volume', 'ls', '-q'], { cwd: dir })).stdout, '');
  });
}
