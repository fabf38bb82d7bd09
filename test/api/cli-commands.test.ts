// `berth image ...` and `berth container ...` through the bundle (bin/berth), each against its own
// engine in a temporary root started by ensureEngine on first use: the commands' output formats,
// exit codes (the container's own, 125 for engine errors) and flags.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { readEnginePid } from '../../core/engine/index';
import { E2eEngine, type Run } from '../e2e/harness';

let e: E2eEngine;

before(async () => {
  e = await E2eEngine.create('berth-cli-', { name: 'bb', tag: 'latest' });
});
after(async () => {
  if (!e) return;
  await berth(['engine', 'reset', '--force']).catch(() => undefined);
  await e.close();
});

const berth = (args: string[], input?: string): Promise<Run> => e.run(args, { input });

async function ok(args: string[], input?: string): Promise<string> {
  return (await e.ok(args, { input })).stdout;
}

test('image load (engine started on demand), ls, tag, inspect -f, history, save, rm', async () => {
  assert.equal(await ok(['image', 'load', '-i', e.archive]), 'Loaded image: bb:latest\n');
  assert.ok(await readEnginePid(e.t.root), 'the CLI started the engine');
  const ls = await ok(['image', 'ls']);
  assert.match(ls, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/m);
  assert.match(ls, /^bb\s+latest\s+[0-9a-f]{12}\s+.+ago\s+[\d.]+MB$/m);
  await ok(['image', 'tag', 'bb', 'example.com:5000/team/bb:v2']);
  assert.deepEqual(JSON.parse(await ok(['image', 'inspect', '-f', '{{json .RepoTags}}', 'bb'])).sort(), ['bb:latest', 'example.com:5000/team/bb:v2']);
  assert.match(await ok(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'example.com:5000/team/bb']), /^example\.com:5000\/team\/bb:v2$/m);
  assert.match(await ok(['image', 'history', 'bb']), /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT$/m);
  await ok(['image', 'save', '-o', join(e.t.dir, 'saved.tar'), 'bb']);
  assert.ok((await readFile(join(e.t.dir, 'saved.tar'))).length > 500_000);
  assert.equal(await ok(['image', 'rm', 'example.com:5000/team/bb:v2']), 'Untagged: example.com:5000/team/bb:v2\n');
  const missing = await berth(['image', 'inspect', 'nope']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No such image: nope/);
});

test('container run: output, the container\'s exit code, --rm, -e and -w, 125 on engine errors', async () => {
  const r = await berth(['container', 'run', '--rm', '-e', 'GREETING=hello', '-w', '/tmp', 'bb', 'sh', '-c', 'echo $GREETING from $(pwd); echo warn >&2; exit 3']);
  assert.equal(r.code, 3);
  assert.equal(r.stdout, 'hello from /tmp\n');
  assert.equal(r.stderr, 'warn\n');
  const bad = await berth(['container', 'run', '--rm', 'missing:image', 'true']);
  assert.equal(bad.code, 125);
  assert.match(bad.stderr, /No such image/);
  assert.equal(await ok(['container', 'run', '-i', '--rm', 'bb', 'sh', '-c', 'cat; echo end'], 'piped in\n'), 'piped in\nend\n', 'run -i: stdin reaches the container');
  assert.equal((await ok(['container', 'ls', '-a', '-q'])).trim(), '', '--rm removed it');
});

test('container run -d, ls, logs, exec, top, inspect, cp, stop, start, wait, rm', async () => {
  const id = (await ok(['container', 'run', '-d', '--name', 'cli-t1', '-l', 'tier=web', 'bb', 'sh', '-c', 'echo ready; exec sleep 300'])).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  const ls = await ok(['container', 'ls']);
  assert.match(ls, /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES$/m);
  assert.match(ls, new RegExp(`^${id.slice(0, 12)}\\s+bb\\s+".+"\\s+.+\\s+Up .+cli-t1$`, 'm'));
  assert.equal((await ok(['container', 'ls', '-f', 'label=tier=web', '--format', '{{.Names}}'])).trim(), 'cli-t1');
  await waitFor(async () => (await ok(['container', 'logs', 'cli-t1'])) === 'ready\n');
  assert.equal(await ok(['container', 'exec', 'cli-t1', 'echo', 'in-exec']), 'in-exec\n');
  assert.equal((await berth(['container', 'exec', 'cli-t1', 'sh', '-c', 'exit 9'])).code, 9);
  assert.equal(await ok(['container', 'exec', '-i', 'cli-t1', 'cat'], 'stdin works\n'), 'stdin works\n');
  assert.match(await ok(['container', 'top', 'cli-t1']), /sleep 300/);
  assert.equal((await ok(['container', 'inspect', '-f', '{{.State.Status}}', 'cli-t1'])).trim(), 'running');
  assert.equal((await ok(['container', 'inspect', '-f', '{{index .Config.Labels "tier"}} {{range $k, $v := .Config.Labels}}{{$k}}{{end}} {{if .State.Running}}up{{end}}', 'cli-t1'])).trim(), 'web tier up');
  await writeFile(join(e.t.dir, 'in.txt'), 'copied in\n');
  await ok(['container', 'cp', join(e.t.dir, 'in.txt'), 'cli-t1:/tmp/']);
  await ok(['container', 'cp', 'cli-t1:/tmp/in.txt', join(e.t.dir, 'out.txt')]);
  assert.equal(await readFile(join(e.t.dir, 'out.txt'), 'utf8'), 'copied in\n');
  assert.equal(await ok(['container', 'stop', '-t', '1', 'cli-t1']), 'cli-t1\n');
  assert.equal(await ok(['container', 'wait', 'cli-t1']), '137\n');
  assert.equal(await ok(['container', 'start', 'cli-t1']), 'cli-t1\n');
  assert.equal(await ok(['container', 'kill', 'cli-t1']), 'cli-t1\n');
  const rmMissing = await berth(['container', 'rm', 'cli-t1', 'nope']);
  assert.equal(rmMissing.code, 1);
  assert.match(rmMissing.stderr, /nope/);
  assert.equal((await ok(['container', 'ls', '-a', '-q'])).trim(), '');
});

test('engine status shows the counts', async () => {
  assert.match(await ok(['engine', 'status']), /containers: 0 \(0 running\), images: 1/);
});

async function waitFor(cond: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('condition not met in time');
}
