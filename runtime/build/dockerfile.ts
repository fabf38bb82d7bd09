// The Dockerfile frontend's syntax step: `dockerfile-ast` finds the instructions, parser
// directives and their positions; we turn each instruction's source text into what evaluation
// needs (keyword, `--flags`, the argument text with line continuations removed, heredoc bodies),
// as BuildKit's frontend/dockerfile/parser does. Errors name file:line:col.
import { DockerfileParser } from 'dockerfile-ast';
import { BuildError } from './errors';

export interface Heredoc {
  name: string;
  body: string;
  /** `<<"EOF"` or `<<'EOF'`: no variable expansion in the body. */
  quoted: boolean;
}

export interface Instruction {
  keyword: string;
  flags: Array<[string, string | undefined]>;
  /** The argument text after the flags, continuations joined. */
  args: string;
  heredocs: Heredoc[];
  /** 1-based. */
  line: number;
  col: number;
  /** `KEYWORD args` as written (one line), for errors and history. */
  text: string;
}

export interface ParsedDockerfile {
  file: string;
  escape: string;
  syntax?: string;
  instructions: Instruction[];
}

export const KEYWORDS = new Set([
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME',
  'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
]);

export function parseDockerfile(text: string, file = 'Dockerfile'): ParsedDockerfile {
  const doc = DockerfileParser.parse(text);
  const escapeDirective = doc.getDirectives().find((d) => d.getName().toLowerCase() === 'escape');
  const escape = escapeDirective?.getValue() === '`' ? '`' : '\\';
  const syntax = doc.getDirectives().find((d) => d.getName().toLowerCase() === 'syntax')?.getValue();
  const lines = text.split(/\r?\n/);
  const instructions = doc.getInstructions().map((ins) => {
    const start = ins.getRange().start;
    const end = ins.getRange().end;
    return splitInstruction(lines.slice(start.line, end.line + 1), escape, file, start.line + 1, start.character + 1);
  });
  if (!instructions.some((i) => i.keyword === 'FROM')) {
    throw new BuildError('INVALID_ARGUMENT', `${file}:1:1: the Dockerfile has no FROM instruction`);
  }
  return { file, escape, syntax, instructions };
}

/** Joins continued lines (skipping comment lines inside), then reads heredoc bodies after them. */
function splitInstruction(src: string[], escape: string, file: string, line: number, col: number): Instruction {
  let logical = '';
  let i = 0;
  for (; i < src.length; i++) {
    const l = src[i];
    if (i > 0 && /^\s*(#.*)?$/.test(l)) continue;
    const trimmed = l.replace(/\s+$/, '');
    if (trimmed.endsWith(escape) && !trimmed.endsWith(escape + escape)) {
      logical += trimmed.slice(0, -1);
      continue;
    }
    logical += l;
    i++;
    break;
  }
  const heredocs: Heredoc[] = [];
  for (const m of logical.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) {
    const body: string[] = [];
    let closed = false;
    for (; i < src.length; i++) {
      const l = m[1] ? src[i].replace(/^\t+/, '') : src[i];
      if (l === m[3]) { closed = true; i++; break; }
      body.push(l);
    }
    if (!closed) throw new BuildError('INVALID_ARGUMENT', `${file}:${line}:${col}: heredoc <<${m[3]} is not closed`);
    heredocs.push({ name: m[3], body: body.join('\n') + '\n', quoted: m[2] !== '' });
  }
  return splitKeyword(logical.trim(), heredocs, file, line, col);
}

function splitKeyword(logical: string, heredocs: Heredoc[], file: string, line: number, col: number): Instruction {
  const sp = logical.search(/\s/);
  const keyword = (sp < 0 ? logical : logical.slice(0, sp)).toUpperCase();
  if (!KEYWORDS.has(keyword)) {
    throw new BuildError('INVALID_ARGUMENT', `${file}:${line}:${col}: unknown instruction: ${keyword}`);
  }
  let rest = sp < 0 ? '' : logical.slice(sp).trim();
  const flags: Array<[string, string | undefined]> = [];
  // Flags come first (`COPY --from=x a b`); ONBUILD's trigger keeps its own.
  while (keyword !== 'ONBUILD' && rest.startsWith('--')) {
    const m = /^--([A-Za-z0-9-]+)(?:=("[^"]*"|\S*))?(\s+|$)/.exec(rest);
    if (!m) throw new BuildError('INVALID_ARGUMENT', `${file}:${line}:${col}: malformed flag in "${rest.split(/\s/)[0]}"`);
    flags.push([m[1], m[2]?.replace(/^"(.*)"$/, '$1')]);
    rest = rest.slice(m[0].length);
  }
  return { keyword, flags, args: rest, heredocs, line, col, text: logical };
}

/** The exec form (a JSON array of strings) or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  const t = args.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  } catch { /* not JSON: the shell form, as Docker falls back */ }
  return undefined;
}

/** One flag's value; `allowed` lists the flags the instruction accepts. */
export function flagsOf(ins: Instruction, allowed: readonly string[], file: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of ins.flags) {
    if (!allowed.includes(k)) throw new BuildError('INVALID_ARGUMENT', `${file}:${ins.line}:${ins.col}: unknown flag: --${k} (${ins.keyword} takes ${allowed.map((a) => '--' + a).join(', ') || 'none'})`);
    out.set(k, [...(out.get(k) ?? []), v ?? 'true']);
  }
  return out;
}
