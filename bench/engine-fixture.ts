// Bench helper: writes a busybox docker-archive (bb:latest) and an OCI bundle of the same rootfs
// for a raw `crun run` (config.json from `crun spec`, running /bin/true without a terminal).
//   node --import tsx bench/engine-fixture.ts DIR
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeBusyboxRootfs, makeDockerArchive } from '../test/fixtures/busybox-image';

const dir = process.argv[2];
if (!dir) throw new Error('usage: engine-fixture.ts DIR');
await makeDockerArchive(join(dir, 'bb.tar'), { name: 'bb', tag: 'latest' });
const bundle = join(dir, 'bundle');
mkdirSync(bundle, { recursive: true });
await makeBusyboxRootfs(join(bundle, 'rootfs'));
execFileSync('crun', ['spec'], { cwd: bundle });
const spec = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
spec.process.terminal = false;
spec.process.args = ['/bin/true'];
// The same rlimit rule as the engine: this host's root cannot raise hard limits.
spec.process.rlimits = [];
writeFileSync(join(bundle, 'config.json'), JSON.stringify(spec, null, 1));
