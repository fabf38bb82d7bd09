// `berth image build [OPTIONS] PATH`: docker build's flags, through the engine's classic builder.
// `--secret id=ID,src=FILE` hands a file to RUN --mount=type=secret (engine and CLI share the
// machine: the engine binds the file read-only, it never enters a layer).
import { resolve } from 'node:path';
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import type { CommandContext } from '../context';
import { buildImage } from '../../core/engine/index';
import { contextFor, engineReadsInPlace } from '../../core/compose/build-context';
import { CoreError } from '../../core/errors';
import { helpText, lineWriter, wantsHelp } from './build-output';
import { parseKeyValues } from './build-args';

export const help = {
  usage: 'berth image build [OPTIONS] PATH',
  summary: 'Build an image from a Dockerfile',
  flags: [
    ['-t, --tag stringArray', 'Name and optionally a tag in the "name:tag" format'],
    ['-f, --file string', 'Name of the Dockerfile (default: "PATH/Dockerfile")'],
    ['--build-arg stringArray', 'Set build-time variables'],
    ['--target string', 'Set the target build stage to build'],
    ['--label stringArray', 'Set metadata for an image'],
    ['--no-cache', 'Do not use cache when building the image'],
    ['--pull', 'Always attempt to pull a newer version of the image'],
    ['--network string', 'Networking mode for the RUN instructions (default, host, none)'],
    ['--platform string', "Set platform (only the engine's own)"],
    ['--secret stringArray', 'Secret to expose to the build: id=ID,src=FILE'],
    ['-q, --quiet', 'Suppress the build output and print image ID on success'],
  ],
} as const;

const SPEC = {
  tag: { short: 't', type: 'list' }, file: { short: 'f', type: 'string' }, 'build-arg': { type: 'list' },
  target: { type: 'string' }, label: { type: 'list' }, 'no-cache': { type: 'bool' }, pull: { type: 'bool' },
  network: { type: 'string' }, platform: { type: 'string' }, secret: { type: 'list' }, quiet: { short: 'q', type: 'bool' },
} as const;

function secrets(items: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const kv = Object.fromEntries(item.split(',').map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)]));
    const id = kv.id;
    const src = kv.src ?? kv.source;
    if (!id || !src) throw new CoreError('INVALID_ARGUMENT', `--secret ${item}: expected id=ID,src=FILE`);
    out[id] = resolve(src);
  }
  return out;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  if (wantsHelp(args)) { ctx.stdout.write(helpText(help)); return 0; }
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, SPEC);
    if (positionals.length !== 1) throw new CoreError('INVALID_ARGUMENT', '"berth image build" requires exactly 1 argument (the context PATH)');
    const list = (k: string): string[] => (flags[k] as string[] | undefined) ?? [];
    const local = await engineReadsInPlace(() => client.version());
    const packed = await contextFor(local, { dir: resolve(ctx.cwd, positionals[0]), dockerfile: str(flags, 'file') });
    const labels = Object.fromEntries(Object.entries(parseKeyValues(list('label'), '--label')).map(([k, v]) => [k, v ?? '']));
    const buildArgs = parseKeyValues(list('build-arg'), '--build-arg');
    for (const k of Object.keys(buildArgs)) if (buildArgs[k] === null) buildArgs[k] = ctx.env[k] ?? null;
    const quiet = bool(flags, 'quiet');
    const out = lineWriter(ctx.stdout, false);
    const id = await buildImage(client.transport, packed.tar, {
      tags: list('tag'), dockerfile: packed.dockerfile, buildArgs, labels, target: str(flags, 'target'),
      noCache: bool(flags, 'no-cache'), pull: bool(flags, 'pull'), networkMode: str(flags, 'network'),
      platform: str(flags, 'platform'), secrets: secrets(list('secret')), contextDir: packed.contextDir, dockerfileInline: packed.dockerfileInline,
    }, quiet ? () => undefined : (text) => out('', text));
    if (quiet) ctx.stdout.write(`${id}\n`);
    return 0;
  } finally {
    client.close();
  }
}
