// `berth dash` for real: the bundle in a real tmux (80x24) on a project brought up on a test engine
// (its own root, socket, network prefix and cgroup parent). send-keys stops a service, restarts it
// and filters the logs; capture-pane shows the state change, the CLI equivalent and the filtered
// lines. Also: a resize, NO_COLOR, the refusal without a terminal, and on a project with a
// `build:` section, rebuild (b) and watch on/off (w) with the watcher's sync on the events line;
// pull (P) from a docker-registry on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { berthBin, E2eEngine } from '../e2e/harness';
import { Tmux } from './tmux';
import { skopeoPush, startRegistry, type TestRegistry } from '../registry/harness';

let e: E2eEngine;
let proj: string;
let built: string | undefined;
let pulled: string | undefined;
let reg: TestRegistry | undefined;
const tmux = new Tmux();
const S = 'dash';

const compose = `services:
  db:
    image: busybox:latest
    command: sh -c "echo db ready; exec sleep 1000"
    init: true
    network_mode: none
    healthcheck:
      test: ["CMD", "sh", "-c", "echo probe-ok"]
      interval: 1s
  web:
    image: busybox:latest
    command: sh -c 'i=0; while true; do echo "web tick $$i"; i=$$((i+1)); sleep 0.3; done'
    init: true
    network_mode: none
  extra:
    image: busybox:latest
    command: sleep 1000
    network_mode: none
    profiles: [debug]
`;

function engineEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env = e.env();
  const keep = ['BERTH_ROOT', 'BERTH_HOST', 'BERTH_NETWORK_PREFIX', 'BERTH_CGROUP_PARENT', 'PATH'];
  return { ...Object.fromEntries(keep.map((k) => [k, env[k] ?? ''])), TERM: 'xterm-256color', ...extra };
}

/** The services table row of `svc` (a row starts with '>' or ' ' then the name). */
function row(screen: string, svc: string): string {
  return screen.split('\n').find((l) => new RegExp(`^[> ]\\*?${svc}\\b`).test(l)) ?? '';
}

before(async () => {
  e = await E2eEngine.create('berth-e2e-dash-');
  proj = await e.project('dashp', compose);
  await e.ok(['image', 'load', '-i', e.archive], { cwd: proj });
  await e.ok(['up', '-d'], { cwd: proj });
});
after(async () => {
  await tmux.kill();
  if (built !== undefined) await e.run(['down', '-t', '0'], { cwd: built }).catch(() => undefined);
  if (pulled !== undefined) await e.run(['down', '-t', '0'], { cwd: pulled }).catch(() => undefined);
  await reg?.stop();
  await e.run(['down', '-t', '1'], { cwd: proj }).catch(() => undefined);
  await e.close();
});

test('without a terminal dash refuses and points to ps and logs -f', async () => {
  const r = await e.run(['dash'], { cwd: proj });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /berth ps/);
  assert.match(r.stderr, /berth logs -f/);
});

test('in tmux 80x24: stop, restart and a log filter, each with its CLI command', async () => {
  await tmux.start(S, [process.execPath, berthBin, 'dash'], { cwd: proj, env: engineEnv({ NO_COLOR: '1' }), cols: 80, rows: 24 });
  let screen = await tmux.waitFor(S, (s) => /running/.test(row(s, 'web')) && /running/.test(row(s, 'db')), 'both services running');
  // the first frame is what runs (one listing); what needs the compose file fills in after it
  screen = await tmux.waitFor(S, (s) => /\(off\)/.test(row(s, 'extra')), 'the service disabled by profile is marked');
  screen = await tmux.waitFor(S, (s) => /running +healthy/.test(row(s, 'db')), 'db healthy');
  const rows = screen.replace(/\n$/, '').split('\n');
  assert.ok(rows.length <= 24 && rows.every((l) => l.length <= 80), `fits 80x24:\n${screen}`);
  await tmux.waitFor(S, (s) => /web-1 +\| web tick \d+/.test(s), 'logs of the project, prefixed as logs prints them');
  assert.ok(row(screen, 'db').startsWith('>'), 'db selected first');
  await tmux.keys(S, 'f');
  screen = await tmux.waitFor(S, (s) => /logs · service db/.test(s) && /db-1 +\| db ready/.test(s), 'the logs of db only');
  assert.doesNotMatch(screen, /web tick/);
  await tmux.keys(S, 'c');
  for (let i = 0; i < 5 && !row(screen, 'web').startsWith('>'); i++) {
    await tmux.keys(S, 'j');
    screen = await tmux.waitFor(S, () => true, 'a frame', 1000);
    await new Promise((r) => setTimeout(r, 150));
    screen = await tmux.capture(S);
  }
  assert.ok(row(screen, 'web').startsWith('>'), `web selected:\n${screen}`);
  await tmux.keys(S, 's');
  screen = await tmux.waitFor(S, (s) => /\$ berth stop web +✓/.test(s) && /exited/.test(row(s, 'web')), 'web stopped');
  assert.match(row(screen, 'db'), /running/, 'db untouched');
  await tmux.keys(S, 'r');
  screen = await tmux.waitFor(S, (s) => /\$ berth restart web +✓/.test(s) && /running/.test(row(s, 'web')), 'web restarted');
  await tmux.keys(S, '/');
  await tmux.type(S, 'tick [0-9]*7$');
  await tmux.keys(S, 'Enter');
  screen = await tmux.waitFor(S, (s) => /\/tick \[0-9\]\*7\$\//.test(s) && (s.match(/web-1 +\| web tick \d*7$/gm) ?? []).length >= 2, 'filtered lines');
  const logLines = screen.split('\n').filter((l) => /^\S+ +\| /.test(l));
  assert.ok(logLines.length >= 2);
  for (const l of logLines) assert.match(l, /tick \d*7$/, `only matching lines: ${l}`);
  assert.doesNotMatch(await tmux.capture(S, true), /\x1b\[3[0-7]m|\x1b\[9[0-7]m/, 'NO_COLOR: no colour sequences');
});

test('e hands the terminal to berth exec and the dashboard comes back; enter shows the detail', async () => {
  await tmux.keys(S, 'c', 'e');
  await tmux.waitFor(S, (s) => /\$ berth .*exec web sh/.test(s) && /^\/ #/m.test(s), 'a shell in web');
  await tmux.type(S, 'echo shell-$((6*7))');
  await tmux.keys(S, 'Enter');
  await tmux.waitFor(S, (s) => /^shell-42$/m.test(s), 'the shell ran the command');
  await tmux.type(S, 'exit');
  await tmux.keys(S, 'Enter');
  let screen = await tmux.waitFor(S, (s) => /berth dash · project dashp/.test(s) && row(s, 'web').startsWith('>'), 'the dashboard again, web still selected');
  await tmux.keys(S, 'Enter');
  screen = await tmux.waitFor(S, (s) => /config \(berth config\)/.test(s) || /dashp-web-1 +\w{12} +running/.test(s), 'the detail of web');
  assert.match(screen, /service web/);
  assert.match(screen, /dashp-web-1 +[0-9a-f]{12} +running/);
  await tmux.keys(S, 'Escape');
  await tmux.waitFor(S, (s) => /SERVICE +STATE/.test(s), 'back to the table');
  await tmux.keys(S, 'k', 'k', 'Enter');
  await tmux.waitFor(S, (s) => /service db/.test(s) && /exit 0: probe-ok/.test(s), 'the health log of db with the probe output');
  // Escape alone: followed at once by j it would read as alt-j
  await tmux.keys(S, 'Escape');
  await tmux.waitFor(S, (s) => /SERVICE +STATE/.test(s), 'back to the table');
  await tmux.keys(S, 'j', 'j');
  await tmux.waitFor(S, (s) => row(s, 'web').startsWith('>'), 'web selected again');
});

test('+ and - scale the selected service through up --scale, and say so', async () => {
  await tmux.keys(S, '+');
  await tmux.waitFor(S, (s) => /\$ berth up -d --no-deps --scale web=2 web +✓/.test(s) && / 2\/1 /.test(row(s, 'web')), 'web scaled to 2', 30_000);
  await tmux.keys(S, '-');
  await tmux.waitFor(S, (s) => /\$ berth up -d --no-deps --scale web=1 web +✓/.test(s) && / 1\/1 /.test(row(s, 'web')), 'web back to 1', 30_000);
});

test('w on a project without develop.watch: the watcher\'s refusal on one line, nothing left watching', async () => {
  await tmux.keys(S, 'w');
  // a refresh made while the watcher still lived may say watching: the one after its end does not
  const screen = await tmux.waitFor(S, (s) => /\$ berth up -d --watch +✗ /.test(s) && !/· watching/.test(s), 'the refusal, not watching', 60_000);
  assert.ok(screen.replace(/\n$/, '').split('\n').length <= 24, `the frame keeps its height:\n${screen}`);
  assert.doesNotMatch((await e.ok(['ls'], { cwd: proj })).stdout, /watching/);
});

test('resize: the frame follows the window; q quits', async () => {
  await tmux.resize(S, 120, 30);
  const screen = await tmux.waitFor(S, (s) => /busybox:latest/.test(row(s, 'web')), 'wider table shows the image');
  assert.ok(screen.split('\n').every((l) => l.length <= 120));
  await tmux.resize(S, 80, 24);
  await tmux.waitFor(S, (s) => /busybox…/.test(row(s, 'web')) && s.split('\n').every((l) => l.length <= 80), 'narrow again: the image cut to fit');
  await tmux.keys(S, 'q');
  await waitDead(S);
});

test('colours without NO_COLOR', async () => {
  await tmux.start('colour', [process.execPath, berthBin, 'dash'], { cwd: proj, env: engineEnv(), cols: 80, rows: 24 });
  await tmux.waitFor('colour', (s) => /running/.test(row(s, 'web')), 'a frame');
  assert.match(await tmux.capture('colour', true), /\x1b\[(3[0-7]|9[0-7])m/);
  await tmux.keys('colour', 'q');
  await waitDead('colour');
});

async function waitDead(session: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!(await tmux.dead(session))) {
    if (Date.now() > end) throw new Error(`dash did not quit:\n${await tmux.capture(session)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const builtCompose = `services:
  app:
    build: .
    init: true
    network_mode: none
    develop:
      watch:
        - {path: ./src, target: /src, action: sync}
`;

test('b rebuilds the image and recreates the service; w starts a detached watcher (ls: watching) whose syncs show on the events line, and stops it', async () => {
  built = await e.project('dashb', builtCompose);
  await writeFile(join(built, 'Dockerfile'), 'FROM busybox:latest\nCOPY app.txt /app.txt\nCOPY src /src\nCMD ["sh", "-c", "cat /app.txt; exec sleep 1000"]\n');
  await writeFile(join(built, 'app.txt'), 'version one\n');
  await mkdir(join(built, 'src'));
  await writeFile(join(built, 'src', 'a.txt'), 'a\n');
  await e.ok(['up', '-d'], { cwd: built });
  const A = 'act';
  await tmux.start(A, [process.execPath, berthBin, 'dash'], { cwd: built, env: engineEnv({ NO_COLOR: '1' }), cols: 80, rows: 24 });
  await tmux.waitFor(A, (s) => /running/.test(row(s, 'app')) && /app-1 +\| version one/.test(s), 'app running, its first version in the logs');
  await writeFile(join(built, 'app.txt'), 'version two\n');
  await tmux.keys(A, 'b');
  await tmux.waitFor(A, (s) => /\$ berth up -d --build --force-recreate --no-deps app +✓/.test(s) && /app-1 +\| version two/.test(s), 'rebuilt and recreated: the new version logs', 60_000);
  await tmux.keys(A, 'w');
  await tmux.waitFor(A, (s) => /\$ berth up -d --watch +✓/.test(s) && /project dashb · 1 services · watching/.test(s), 'watch on', 60_000);
  assert.match((await e.ok(['ls'], { cwd: built })).stdout, /dashb\s+running\(\d+\), watching/, 'the watcher is the detached one ls shows');
  await writeFile(join(built, 'src', 'new.txt'), 'synced by watch\n');
  await tmux.waitFor(A, (s) => /events: .*watch Synced app: 1 file/.test(s), 'the sync on the events line', 30_000);
  assert.equal((await e.ok(['exec', 'app', 'cat', '/src/new.txt'], { cwd: built })).stdout, 'synced by watch\n');
  await tmux.keys(A, 'w');
  await tmux.waitFor(A, (s) => /\$ berth watch --stop +✓/.test(s) && /project dashb · 1 services$/m.test(s), 'watch off', 30_000);
  assert.doesNotMatch((await e.ok(['ls'], { cwd: built })).stdout, /watching/);
  await tmux.keys(A, 'q');
  await waitDead(A);
});

test('P pulls the selected service\'s image again from the registry (a loopback docker-registry) and says berth pull', async () => {
  reg = await startRegistry(join(e.t.dir, 'registry'), { accessLog: true });
  const image = `${reg.host}/lib/bb:1`;
  await skopeoPush(e.archive, image);
  pulled = await e.project('dashr', `services:\n  web:\n    image: ${image}\n    command: sleep 1000\n    init: true\n    network_mode: none\n`);
  await e.ok(['up', '-d'], { cwd: pulled, timeoutMs: 90_000 });
  const manifestGets = (): number => reg!.log().split('\n').filter((l) => l.includes('response completed') && l.includes('http.request.method=GET') && l.includes('/v2/lib/bb/manifests/1')).length;
  const before = manifestGets();
  assert.ok(before >= 1, 'up pulled the image');
  const R = 'pull';
  await tmux.start(R, [process.execPath, berthBin, 'dash'], { cwd: pulled, env: engineEnv({ NO_COLOR: '1' }), cols: 80, rows: 24 });
  await tmux.waitFor(R, (s) => /running/.test(row(s, 'web')), 'web running');
  await tmux.keys(R, 'P');
  await tmux.waitFor(R, (s) => /\$ berth pull web +✓/.test(s), 'pulled', 60_000);
  assert.ok(manifestGets() > before, `the registry was asked for the manifest again:\n${reg.log()}`);
  await tmux.keys(R, 'q');
  await waitDead(R);
});
