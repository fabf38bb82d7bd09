// The questions `docker login` asks on a terminal when the username or password is not given:
// "Username (saved): " (Enter keeps the saved one) echoed as typed, then "Password: " not echoed.
// Both are read in raw mode by one reader, so a password typed ahead of its prompt (or pasted
// with the username) is not lost between two readline instances; Ctrl-C or Ctrl-D abandons.
import type { Writable } from 'node:stream';

export interface TtyInput {
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  on(event: 'data', fn: (b: Buffer) => void): unknown;
  off(event: 'data', fn: (b: Buffer) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface Question { prompt: string; echo: boolean }

/** Asks each question in turn; undefined when the user gave up (Ctrl-C, Ctrl-D). */
export function ask(input: TtyInput, out: Writable, questions: Question[]): Promise<string[] | undefined> {
  const answers: string[] = [];
  let current = '';
  let lastCr = false;
  return new Promise((resolve) => {
    const finish = (value: string[] | undefined): void => {
      input.off('data', onData);
      input.setRawMode?.(false);
      input.pause();
      resolve(value);
    };
    const onData = (b: Buffer): void => {
      for (const ch of b.toString('utf8')) {
        if (ch === '\n' && lastCr) { lastCr = false; continue; }
        lastCr = ch === '\r';
        if (ch === '\u0003' || (ch === '\u0004' && current === '')) { out.write('\n'); return finish(undefined); }
        if (ch === '\r' || ch === '\n') {
          out.write('\n');
          answers.push(current);
          current = '';
          if (answers.length === questions.length) return finish(answers);
          out.write(questions[answers.length].prompt);
        } else if (ch === '\u007f' || ch === '\b') {
          if (current && questions[answers.length].echo) out.write('\b \b');
          current = [...current].slice(0, -1).join('');
        } else if (ch >= ' ') {
          current += ch;
          if (questions[answers.length].echo) out.write(ch);
        }
      }
    };
    input.setRawMode?.(true);
    input.on('data', onData);
    input.resume();
    out.write(questions[0].prompt);
  });
}

/** The missing parts of the credentials, asked for; undefined when abandoned. */
export async function promptCredentials(input: TtyInput, out: Writable, have: { username?: string; password?: string }, saved?: string): Promise<{ username: string; password: string } | undefined> {
  const qs: Question[] = [];
  if (have.username === undefined) qs.push({ prompt: saved ? `Username (${saved}): ` : 'Username: ', echo: true });
  if (have.password === undefined) qs.push({ prompt: 'Password: ', echo: false });
  const a = qs.length ? await ask(input, out, qs) : [];
  if (a === undefined) return undefined;
  const username = have.username ?? (a[0] || saved || '');
  const password = have.password ?? a[a.length - 1];
  return { username, password };
}
