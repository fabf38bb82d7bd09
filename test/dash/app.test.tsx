// Component tests of the dashboard (ink-testing-library): each view and the key handling, over a
// fake of the core model layer only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { render } from 'ink-testing-library';
import { App } from '../../cli/dash/app';
import { dispatcher } from '../../cli/dash/dispatch';
import { commandFor } from '../../cli/dash/keys';
import { initialUi } from '../../cli/dash/ui-state';
import { FakeModel, row } from './fake-model';

const tick = (ms = 30): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function mount(model: FakeModel, color = false) {
  const r = render(<App model={model} color={color} frameMs={1} />);
  await tick();
  const press = async (...keys: string[]): Promise<string> => {
    for (const k of keys) { r.stdin.write(k); await tick(); }
    await tick();
    return r.lastFrame() ?? '';
  };
  return { ...r, press, frame: () => r.lastFrame() ?? '' };
}

function demo(): FakeModel {
  const m = new FakeModel();
  m.set({ services: [
    row('db', { health: 'healthy' }),
    row('web', { state: 'exited (137)', running: 0, wanted: 2, recreate: 'config hash changed (0a1b2c3d4e5f -> 9f8e7d6c5b4a)', restarts: 3 }),
    row('debug', { state: '-', running: 0, wanted: 0, disabled: true }),
  ] });
  return m;
}

test('services view: one row per service with state, health, replicas, figures; recreate cause and disabled marks', async () => {
  const m = demo();
  const r = await mount(m);
  const f = r.frame();
  assert.match(f, /berth dash · project demo · 3 services/);
  assert.match(f, />db +running +healthy +1\/1 +1\.5 +3\.0M +0 +1m/);
  assert.match(f, / \*web +exited \(137\) +- +0\/2 .* 3 /);
  assert.match(f, / debug \(off\)/);
  assert.match(f, /s stop S start r restart/, 'keys listed on screen');
  assert.match(await r.press('j'), /web: up would recreate it: config hash changed/);
  assert.match(await r.press('j'), /debug: disabled by profiles/);
  r.unmount();
});

test('keys: s/r/K act on the selected service and show the CLI command, then the outcome', async () => {
  const m = demo();
  const r = await mount(m);
  assert.match(await r.press('j', 's'), /\$ berth stop web +✓ done/);
  assert.match(await r.press('r'), /\$ berth restart web +✓ done/);
  m.outcome = () => ({ ok: false, message: 'no such service: web' });
  assert.match(await r.press('K'), /\$ berth kill web +✗ no such service: web/);
  m.outcome = () => ({ ok: false, message: 'the watcher ended: WARN x\nnothing to watch\n' });
  const frame = await r.press('R');
  assert.match(frame, /\$ berth recreate web +✗ the watcher ended: WARN x · nothing to watch/, 'a multi-line error on one line');
  assert.ok(frame.split('\n').length <= 24, 'the frame keeps its height');
  await r.press('k', 'p');
  assert.deepEqual(m.acted, [{ id: 'stop', service: 'web' }, { id: 'restart', service: 'web' }, { id: 'kill', service: 'web' }, { id: 'recreate', service: 'web' }, { id: 'pause', service: 'db' }]);
  r.unmount();
});

test('keys: toggles pick the action from the row (unpause a paused one, enable a disabled one)', async () => {
  const m = demo();
  m.set({ services: [row('db', { state: 'paused' }), row('debug', { disabled: true })] });
  const r = await mount(m);
  await r.press('p', 'j', 'x', '+', '-', 'R');
  assert.deepEqual(m.acted.map((a) => `${a.id} ${a.service}`), ['unpause db', 'enable debug', 'scale-up debug', 'scale-down debug', 'recreate debug']);
  r.unmount();
});

test('rebuild (b), pull (P) and watch (w) act like the others; the header says when a watcher runs', async () => {
  const m = demo();
  const r = await mount(m);
  assert.match(await r.press('b'), /\$ berth rebuild db +✓ done/);
  assert.match(await r.press('j', 'P'), /\$ berth pull web +✓ done/);
  assert.match(await r.press('w'), /\$ berth watch +✓ done/);
  assert.deepEqual(m.acted, [{ id: 'rebuild', service: 'db' }, { id: 'pull', service: 'web' }, { id: 'watch', service: undefined }]);
  m.set({ watching: true });
  assert.match(await r.press(), /project demo · 3 services · watching/);
  m.set({ events: [{ time: Date.parse('2026-12-07T01:02:03Z'), service: 'web', container: 'watch', action: 'Synced web: 2 files (12 ms)' }] });
  assert.match(await r.press(), /events: 01:02:03 watch Synced web: 2 files \(12 ms\)/);
  r.unmount();
});

test('an unavailable action says why instead of acting', async () => {
  const m = demo();
  m.unavailable = { rebuild: 'no compose file for this project here' };
  const r = await mount(m);
  assert.match(await r.press('b'), /✗ no compose file for this project here/);
  assert.match(await r.press('?'), /rebuild +\(unavailable: no compose file for this project here\)/);
  r.unmount();
});

test('down asks for confirmation: n cancels, y runs it', async () => {
  const m = demo();
  const r = await mount(m);
  assert.match(await r.press('D'), /down: stop and remove every container and network of demo\? y\/N/);
  await r.press('n');
  assert.deepEqual(m.acted, []);
  assert.match(await r.press('D', 'y'), /\$ berth down +✓ done/);
  assert.deepEqual(m.acted, [{ id: 'down', service: undefined }]);
  r.unmount();
});

test('logs: prefixed per service, filtered by regex and by service, paused, timestamps on/off', async () => {
  const m = demo();
  const r = await mount(m);
  for (let i = 0; i < 6; i++) m.log(i % 2 ? 'web' : 'db', `line ${i}`);
  await tick();
  assert.match(r.frame(), /db-1 +\| line 0/);
  assert.match(r.frame(), /web-1 \| line 5/);
  let f = await r.press('/', 'line [13]', '\r');
  assert.match(f, /\/line \[13\]\//);
  assert.doesNotMatch(f, /line 0|line 2|line 5/);
  assert.match(f, /line 1/);
  f = await r.press('c', 'f');
  assert.match(f, /service db/);
  assert.doesNotMatch(f, /web-1 \|/);
  f = await r.press('t');
  assert.match(f, /db-1 +\| 2026-12-07T01:02:03\.000000000Z line 0/);
  await r.press('c', ' ');
  m.log('web', 'after pause');
  await tick();
  assert.doesNotMatch(r.frame(), /after pause/, 'paused: new lines held back');
  assert.match(await r.press(' '), /after pause/);
  r.unmount();
});

test('logs: a bad regex is reported, not thrown; backspace edits; esc cancels', async () => {
  const m = demo();
  m.log('web', 'x');
  const r = await mount(m);
  assert.match(await r.press('/', '(ab', '\x7f', 'c'), /filter logs \(regex.*\(ac_/);
  assert.match(await r.press('\r'), /bad regular expression/);
  const f = await r.press('/', 'zzz', '\x1b');
  assert.doesNotMatch(f, /filter logs \(regex/, 'esc closes the prompt');
  assert.match(f, /\/\(ac\//, 'and keeps the filter that was set');
  r.unmount();
});

test('detail view: containers with networks, health log, environment, mounts, config; esc back', async () => {
  const m = demo();
  const r = await mount(m);
  const f = await r.press('j', '\r');
  assert.match(f, /service web/);
  assert.match(f, /demo-web-1 +abcdef123456 +running +restarts 2/);
  assert.match(f, /network demo_default 10\.89\.0\.2/);
  assert.match(f, /exit 1: curl: connection refused/);
  assert.match(f, /MODE=one/);
  assert.match(f, /volume data -> \/data/);
  assert.doesNotMatch(await r.press('\x1b'), /service web\n/);
  r.unmount();
});

test('projects view: lists the engine projects, enter switches', async () => {
  const m = demo();
  const r = await mount(m);
  assert.match(await r.press('o'), /projects \(berth ls\)[\s\S]*>demo \(shown\)[\s\S]* other/);
  assert.match(await r.press('j', '\r'), /project other/);
  assert.deepEqual(m.switched, ['other']);
  r.unmount();
});

test('e hands the terminal to a shell: the key handler exits with the exec argv; q and ctrl-c exit plainly', () => {
  const m = demo();
  const exits: unknown[] = [];
  const d = dispatcher({ model: m, snap: m.snapshot(), ui: { ...initialUi, selected: 1 }, setUi: () => undefined, exit: (v) => exits.push(v), page: 10 });
  d.command(commandFor({ input: 'e' }, 10)!);
  d.command(commandFor({ input: 'q' }, 10)!);
  d.command(commandFor({ input: 'c', ctrl: true }, 10)!);
  assert.deepEqual(exits, [{ shell: ['exec', 'web', 'sh'] }, undefined, undefined]);
  assert.deepEqual(m.acted, []);
});

test('NO_COLOR (color=false): no escape sequences at all (colour: colour.test.tsx)', async () => {
  const plain = await mount(demo(), false);
  assert.doesNotMatch(plain.frame(), /\x1b\[/);
  plain.unmount();
});

test('resize: the table follows the terminal width', async () => {
  const m = demo();
  const r = await mount(m);
  assert.match(r.frame(), /busybox:latest/, '100 columns: the image fits');
  Object.defineProperty(r.stdout, 'columns', { get: () => 80, configurable: true });
  r.stdout.emit('resize');
  await tick();
  const f = r.frame();
  assert.doesNotMatch(f, /busybox:latest/);
  assert.ok(f.split('\n').every((l) => l.length <= 80), f);
  r.unmount();
});

test('search: n asks for a regex, jumps to the newest match and marks it; n again goes to an older one', async () => {
  const m = demo();
  for (let i = 0; i < 40; i++) m.log('web', i === 5 || i === 20 ? `ERR number ${i}` : `fine ${i}`);
  const r = await mount(m);
  let f = await r.press('n', 'ERR', '\r');
  const logRows = (text: string): string[] => text.split('\n').filter((l) => /^web-1 [|»] /.test(l));
  assert.match(f, /search ERR · paused/);
  assert.match(logRows(f).at(-1)!, /^web-1 » ERR number 20$/, 'the newest match is the bottom line, marked');
  f = await r.press('n');
  assert.ok(logRows(f).includes('web-1 » ERR number 5'), 'the older match shown (at the top, the window stops there)');
  assert.doesNotMatch(f, /ERR number 20/);
  assert.match(await r.press('n'), /no older match for \/ERR\//);
  f = await r.press('N', '\x7f\x7f\x7fzzz', '\r');
  assert.match(f, /no match for \/zzz\//);
  r.unmount();
});
