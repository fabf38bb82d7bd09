// With colour on, states are coloured (green running, red exited) and log prefixes take their
// service's colour. Its own file: chalk decides its colour level when first imported, so
// FORCE_COLOR is set before ink is loaded (the test's stdout is no terminal).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeModel, row } from './fake-model';

process.env.FORCE_COLOR = '1';
const { render } = await import('ink-testing-library');
const { App } = await import('../../cli/dash/app');

test('colour: states and log prefixes are coloured', async () => {
  const m = new FakeModel();
  m.set({ services: [row('db'), row('web', { state: 'exited (137)', running: 0 })] });
  m.log('db', 'hello');
  m.log('web', 'bye');
  const r = render(<App model={m} color frameMs={1} />);
  await new Promise((res) => setTimeout(res, 50));
  const f = r.lastFrame() ?? '';
  assert.match(f, /\x1b\[32mrunning/, 'running in green');
  assert.match(f, /\x1b\[31mexited \(137\)/, 'exited in red');
  assert.match(f, /\x1b\[36mdb-1 +\| /, 'first service cyan, as compose');
  assert.match(f, /\x1b\[33mweb-1 \| /, 'second yellow');
  r.unmount();
});
