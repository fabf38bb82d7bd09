// The Dockerfile frontend's pure parts: substitution as the Dockerfile reference defines it,
// instruction splitting (continuations, flags, heredocs, escape directive), errors naming
// file:line:col, stage splitting and --target.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { processWords, processWord, processHeredoc, keyValues } from './shell-lex';
import { parseDockerfile, execForm } from './dockerfile';
import { splitStages } from './stages';

const vars = new Map([['A', 'a'], ['EMPTY', ''], ['SP', 'x y']]);

test('substitution: $VAR, ${VAR}, :- - :+ +, quotes and escapes', () => {
  assert.deepEqual(processWords('$A ${A}b ${NOPE:-d} ${EMPTY:-e} ${EMPTY-f} ${A:+p} ${NOPE+q}', vars), ['a', 'ab', 'd', 'e', 'p']);
  assert.deepEqual(processWords(`'$A' "$A b" \\$A`, vars), ['$A', 'a b', '$A']);
  // An unquoted expansion is not split again (BuildKit's lexer).
  assert.deepEqual(processWords('$SP z', vars), ['x y', 'z']);
  assert.equal(processWord('"${A}"-\\"q\\"', vars), 'a-"q"');
  assert.throws(() => processWord('${NOPE:?must be set}', vars), /NOPE: must be set/);
  assert.throws(() => processWords('"open', vars), /double-quote/);
});

test('ENV/LABEL pairs and the legacy form', () => {
  assert.deepEqual(keyValues('K=v K2="two words" K3=$A', vars, '\\', true), [['K', 'v'], ['K2', 'two words'], ['K3', 'a']]);
  assert.deepEqual(keyValues('K value with spaces', vars, '\\', true), [['K', 'value with spaces']]);
});

test('instructions: continuations, comments inside, flags, heredocs, exec form', () => {
  const df = parseDockerfile([
    '# syntax=docker/dockerfile:1',
    'FROM busybox AS b',
    'RUN echo one \\',
    '# a comment inside',
    '    two',
    'COPY --chown=1:2 --from=b a /b',
    'RUN <<EOF',
    'echo heredoc',
    'EOF',
    'CMD ["sh", "-c", "x"]',
  ].join('\n'), 'Dockerfile.test');
  assert.equal(df.syntax, 'docker/dockerfile:1');
  const [from, run, copy, here, cmd] = df.instructions;
  assert.equal(from.keyword, 'FROM');
  assert.equal(run.args, 'echo one     two');
  assert.deepEqual(copy.flags, [['chown', '1:2'], ['from', 'b']]);
  assert.equal(copy.args, 'a /b');
  assert.deepEqual(here.heredocs, [{ name: 'EOF', body: 'echo heredoc\n', quoted: false }]);
  assert.deepEqual(execForm(cmd.args), ['sh', '-c', 'x']);
  assert.equal(cmd.line, 10);
});

test('escape directive: backtick continues lines', () => {
  const df = parseDockerfile('# escape=`\nFROM scratch\nRUN a `\n  b\n', 'D');
  assert.equal(df.escape, '`');
  assert.equal(df.instructions[1].args, 'a   b');
});

test('errors name file:line:col', () => {
  assert.throws(() => parseDockerfile('FROM busybox\nFROBNICATE x\n', 'Dockerfile'), /Dockerfile:2:1: unknown instruction: FROBNICATE/);
  assert.throws(() => parseDockerfile('RUN true\n', 'x/Dockerfile'), /x\/Dockerfile:1:1: the Dockerfile has no FROM/);
  assert.throws(() => parseDockerfile('FROM a\nRUN <<EOF\nnever closed\n', 'D'), /D:2:1: heredoc <<EOF is not closed/);
});

test('stages: names, --target, meta args in FROM, self-reference refused', () => {
  const df = parseDockerfile('ARG V=1\nFROM img:$V AS one\nRUN a\nFROM one AS two\nFROM scratch\n', 'D');
  const plan = splitStages(df, new Map([['V', '7']]), 'two');
  assert.equal(plan.stages.length, 3);
  assert.equal(plan.stages[0].base, 'img:7');
  assert.equal(plan.target.name, 'two');
  assert.throws(() => splitStages(df, new Map(), 'nope'), /failed to reach build target nope/);
  assert.throws(() => splitStages(parseDockerfile('FROM x AS x\n', 'D'), new Map(), undefined), /circular dependency detected on stage: x/);
  assert.throws(() => splitStages(parseDockerfile('RUN x\nFROM a\n', 'D'), new Map(), undefined), /D:1:1: RUN before the first FROM/);
});

test('a COPY heredoc body: variables expanded, escapes applied, quotes kept (BuildKit SkipProcessQuotes)', () => {
  const vars = new Map([['GREETING', 'hello world'], ['N', '2']]);
  assert.equal(processHeredoc('echo "$GREETING from \\$(hostname)"\necho \'${N:-0}\' ${MISSING:-x}\n', vars),
    'echo "hello world from $(hostname)"\necho \'2\' x\n');
});
