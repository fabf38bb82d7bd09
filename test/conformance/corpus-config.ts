// Corpus cases of stage `config`: each expected.e2e.yaml step that is a `config` command runs
// `berth config` in process, in the case folder with `-f` its files, and checks the asserted
// substring (or, for --hash, the "<service> <sha256>" lines).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { parse as parseYamlText } from 'yaml';
import { type CorpusCase, caseHost, caseOptions } from '../../core/host/corpus';
import { loadModel } from '../../core/spec/model-loader';
import { run } from '../../cli/commands/config';
import { splitCommand } from '../../cli/args/compose-flags';
import { shellSplit } from '../../core/spec/normalize/shell-words';
import { type Outcome, substitute } from './corpus-case';

interface Step { command: string; output_contains?: string; expect?: string; env?: Record<string, string> }

function sink(): { stream: Writable; text: () => string } {
  let buf = '';
  const stream = new Writable({ write(chunk: Buffer, _enc, cb) { buf += chunk.toString(); cb(); } });
  return { stream, text: () => buf };
}

export async function runConfigCommand(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out = sink();
  const err = sink();
  const code = await run(args, { stdout: out.stream, stderr: err.stream, env, cwd });
  return { code, out: out.text(), err: err.text() };
}

export async function runConfigSteps(c: CorpusCase): Promise<Outcome> {
  const project = loadModel({ ...caseOptions(c), skipInterpolation: true }, caseHost(c)).projectName;
  const steps = parseYamlText(readFileSync(join(c.dir, 'expected.e2e.yaml'), 'utf8')) as Step[];
  const files = c.compose_files.flatMap((f) => ['-f', f]);
  for (const step of steps) {
    const { command, args } = splitCommand(shellSplit(step.command.split('|')[0]!));
    if (command !== 'config') continue;
    const withHash = args.includes('--hash') && !args[args.indexOf('--hash') + 1] ? [...args, '*'] : args;
    const r = await runConfigCommand([...files, ...withHash], resolve(c.dir, c.working_dir), { ...c.env, ...step.env });
    if (r.code !== 0) return { status: 'fail', reason: `${step.command}: exit ${r.code}: ${r.err.split('\n')[0]}` };
    if (step.output_contains !== undefined) {
      const want = substitute(step.output_contains, c, project);
      if (!r.out.includes(want)) return { status: 'fail', reason: `${step.command}: output lacks ${JSON.stringify(want)}; got ${JSON.stringify(r.out.slice(0, 300))}` };
    } else if (args.includes('--hash') && !r.out.split('\n').filter(Boolean).every((l) => /^\S+ [0-9a-f]{64}$/.test(l))) {
      return { status: 'fail', reason: `${step.command}: not "<service> <hash>" lines: ${r.out}` };
    }
  }
  return { status: 'pass' };
}
