// Every command and subcommand answers `--help` (and `berth help CMD`) with exit 0 and lists every
// flag its parser takes. The flags are read from the module's own option table in its source (and
// the `*-flags` files or the command it delegates to), so a command added later without `help`, or
// a flag added without its line, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../cli/commands/index';
import { VERB_FLAGS } from '../../cli/commands/container-verbs';
import { formatHelp, wantsHelp, type CommandHelp } from '../../cli/help';

const bin = fileURLToPath(new URL('../../bin/berth', import.meta.url));
const commandsDir = fileURLToPath(new URL('../../cli/commands/', import.meta.url));

type Loader = () => Promise<{ help?: CommandHelp; SUBCOMMANDS?: Record<string, Loader> }>;

/** `() => import('./config')` → cli/commands/config.ts */
function moduleFile(loader: Loader): string {
  const m = /import\(\s*["']\.\/([\w-]+)["']\s*\)/.exec(String(loader));
  assert.ok(m, `cannot see which module ${String(loader)} loads`);
  return join(commandsDir, `${m[1]}.ts`);
}

/** Option names in a util.parseArgs / engine-args table: `name: { type: ...` or `name: { short: 'x', type: ...`. */
const OPTION = /['"]?([a-z][\w-]*)['"]?\s*:\s*\{\s*(?:short:\s*'[^']*',\s*)?type:\s*'(?:bool|boolean|string|list)'/g;

/** The flags a command module parses: its own tables, those of `*-flags` files and of a command whose `run*` it calls. */
function parsedFlags(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return new Set();
  seen.add(file);
  const src = readFileSync(file, 'utf8');
  const flags = new Set([...src.matchAll(OPTION)].map((m) => m[1]!));
  for (const imp of src.matchAll(/import \{([^}]*)\} from '\.\/([\w-]+)'/g)) {
    const from = join(dirname(file), `${imp[2]}.ts`);
    if (/\brun\w*\b/.test(imp[1]!)) for (const f of parsedFlags(from, seen)) flags.add(f);
    for (const table of imp[1]!.match(/\b[A-Z_]+_FLAGS\b/g) ?? []) for (const f of tableFlags(from, table)) flags.add(f);
  }
  return flags;
}

/** The options of one exported table (`export const CREATE_FLAGS ... = { ... };`) of a `*-flags` file. */
function tableFlags(file: string, table: string): string[] {
  const src = readFileSync(file, 'utf8');
  const start = src.indexOf(`export const ${table}`);
  assert.ok(start >= 0, `${table} in ${file}`);
  const body = src.slice(start, src.indexOf('\n};', start));
  return [...body.matchAll(OPTION)].map((m) => m[1]!);
}

function assertListsFlags(name: string, help: CommandHelp | undefined, flags: Iterable<string>): void {
  assert.ok(help, `${name}: no \`help\` export`);
  // An alias (`container ps`) shows its command's usage (`container ls`), as docker's does.
  assert.match(help.usage, new RegExp(`^berth ${name.split(' ')[0]}\\b`), `${name}: usage`);
  assert.ok(help.summary.length > 0, `${name}: summary`);
  const listed = new Set(help.flags.flatMap(([s]) => s.split(/[\s,]+/).filter((w) => w.startsWith('--'))));
  // --help itself is every command's, answered by the generic wiring (a command may parse it too)
  for (const f of flags) if (f !== 'help') assert.ok(listed.has(`--${f}`), `${name}: --${f} is parsed but not in its help`);
}

/** Every command and subcommand name with its help and the flags its source parses. */
async function commandTable(): Promise<{ name: string; help?: CommandHelp; flags: Set<string> }[]> {
  const rows: { name: string; help?: CommandHelp; flags: Set<string> }[] = [];
  for (const [name, load] of Object.entries(COMMANDS)) {
    const mod = await (load as Loader)();
    rows.push({ name, help: mod.help, flags: mod.SUBCOMMANDS ? new Set() : parsedFlags(moduleFile(load as Loader)) });
    for (const [sub, subLoad] of Object.entries(mod.SUBCOMMANDS ?? {})) {
      const subMod = await subLoad();
      const verb = name === 'container' && Object.hasOwn(VERB_FLAGS, sub);
      const flags = verb ? new Set(Object.keys(VERB_FLAGS[sub]!)) : /import\(/.test(String(subLoad)) ? parsedFlags(moduleFile(subLoad)) : new Set<string>();
      rows.push({ name: `${name} ${sub}`, help: subMod.help, flags });
    }
  }
  return rows;
}

test('every command and subcommand has help listing every flag it parses', async () => {
  const rows = await commandTable();
  assert.ok(rows.length > 60, `only ${rows.length} commands`);
  for (const r of rows) assertListsFlags(r.name, r.help, r.flags);
});

test('the test sees option tables: config parses --no-interpolate, container run -h is --hostname', () => {
  assert.ok(parsedFlags(join(commandsDir, 'config.ts')).has('no-interpolate'));
  const run = parsedFlags(join(commandsDir, 'container-run.ts'));
  assert.ok(run.has('hostname') && run.has('sig-proxy'), [...run].join(','));
  assert.ok(parsedFlags(join(commandsDir, 'plan.ts')).has('force-recreate'), 'plan takes up\'s flags');
  assert.ok(!parsedFlags(join(commandsDir, 'down.ts')).has('force-recreate'), 'down only borrows a helper from up');
});

test('each command answers --help, -h and `help CMD` with exit 0 and its flags, through the bundle', async () => {
  for (const r of await commandTable()) {
    const argv = r.name.split(' ');
    const out = spawnSync(bin, [...argv, '--help'], { encoding: 'utf8', env: { ...process.env, BERTH_ROOT: '/nonexistent/berth-help-test', BERTH_HOST: 'unix:///nonexistent/berth-help-test.sock' } });
    assert.equal(out.status, 0, `${r.name} --help: ${out.stderr}`);
    assert.equal(out.stdout, formatHelp(r.help!), `${r.name} --help`);
    if (argv.length === 1 && argv[0] !== 'container') {
      const viaHelp = spawnSync(bin, ['help', ...argv], { encoding: 'utf8' });
      assert.equal(viaHelp.stdout, out.stdout, `berth help ${r.name}`);
    }
  }
});

test('-h is help unless the command gives it a meaning; a container\'s own --help is the container\'s', () => {
  const help = (usage: string, flags: CommandHelp['flags'] = []): CommandHelp => ({ usage, summary: 's', flags });
  assert.equal(wantsHelp(['-h'], help('berth ps'), 'ps'), true);
  assert.equal(wantsHelp(['-a', 'web', '--help'], help('berth ps', [['-a, --all', 'x']]), 'ps'), true);
  assert.equal(wantsHelp(['-h', 'box'], help('berth container run', [['-h, --hostname string', 'x']]), 'container run'), false);
  assert.equal(wantsHelp(['busybox', 'ls', '--help'], help('berth container run'), 'container run'), false);
  assert.equal(wantsHelp(['--name', '--help', 'busybox'], help('berth container run', [['--name string', 'x']]), 'container run'), false, 'a flag\'s value');
  assert.equal(wantsHelp(['web', 'sh', '--help'], help('berth exec'), 'exec'), false);
  assert.equal(wantsHelp(['-f', 'x.yaml', '--', '--help'], help('berth config'), 'config'), false);
  assert.equal(wantsHelp(['-f', 'x.yaml', 'web', '--help'], help('berth config'), 'config'), true);
  assert.equal(wantsHelp(['-f', '--help'], help('berth logs', [['-f, --follow', 'x']]), 'logs'), true, 'logs -f is --follow, not the compose file');
  assert.equal(wantsHelp(['-f', '--help'], help('berth config'), 'config'), false, 'the compose file named --help');
});

test('berth --help lists every command with its summary; berth help is the same', () => {
  const out = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  assert.equal(out.status, 0);
  for (const name of Object.keys(COMMANDS)) assert.match(out.stdout, new RegExp(`^  ${name} +\\S`, 'm'), name);
  assert.equal(spawnSync(bin, ['help'], { encoding: 'utf8' }).stdout, out.stdout);
  const afterGlobal = spawnSync(bin, ['-f', 'x.yaml', '--help'], { encoding: 'utf8' });
  assert.equal(afterGlobal.status, 0, 'global flags, then --help');
  assert.equal(afterGlobal.stdout, out.stdout);
});
