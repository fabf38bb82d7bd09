// `berth login [OPTIONS] [SERVER]` (docker login): the engine proves the credentials against the
// registry (POST /auth), then they are saved where the docker CLI keeps them (config.json or its
// credential helper); an identity token the registry grants is saved instead of the password.
import { connectEngine } from './engine-connect';
import { bool, parseArgs, str } from './engine-args';
import { formatHelp } from '../help';
import { login } from '../../core/engine/registry';
import { DockerConfig } from '../../core/registry/docker-config';
import { serverHost } from '../../core/registry/reference';
import type { CommandContext } from '../context';
import { promptCredentials } from './login-prompt';

export const help = {
  usage: 'berth login [OPTIONS] [SERVER]',
  summary: 'Log in to a registry (Docker Hub when no server is given)',
  flags: [
    ['-u, --username string', 'Username'],
    ['-p, --password string', 'Password (prefer --password-stdin)'],
    ['--password-stdin', 'Take the password from stdin (on a terminal, what is not given is asked for)'],
  ],
} as const;

const SPEC = { username: { short: 'u', type: 'string' }, password: { short: 'p', type: 'string' }, 'password-stdin': { type: 'bool' }, help: { short: 'h', type: 'bool' } } as const;

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  // As docker: one trailing newline (echo … |) is not part of the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, SPEC);
    if (bool(flags, 'help')) { ctx.stdout.write(formatHelp(help)); return 0; }
    if (positionals.length > 1) { ctx.stderr.write(`berth login: at most 1 argument\n\n${formatHelp(help)}`); return 1; }
    let password = str(flags, 'password');
    if (bool(flags, 'password-stdin')) {
      if (password !== undefined) { ctx.stderr.write('berth login: --password and --password-stdin are mutually exclusive\n'); return 1; }
      if (str(flags, 'username') === undefined) { ctx.stderr.write('berth login: must provide --username with --password-stdin\n'); return 1; }
      password = await readStdin();
    } else if (password !== undefined) {
      ctx.stderr.write('WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n');
    }
    const host = serverHost(positionals[0]);
    let username = str(flags, 'username');
    if ((!username || !password) && process.stdin.isTTY) {
      // As docker login on a terminal: ask for what is missing, the saved username as default.
      const saved = username === undefined ? (await new DockerConfig(ctx.env).get(host).catch(() => undefined))?.username : undefined;
      const asked = await promptCredentials(process.stdin, ctx.stderr, { username, password }, saved);
      if (!asked) { ctx.stderr.write('berth login: cancelled\n'); return 1; }
      ({ username, password } = asked);
    }
    if (!username || !password) { ctx.stderr.write('berth login: a username and password are needed (-u USER --password-stdin, or answer the prompts on a terminal)\n'); return 1; }
    const res = await login(client, { username, password, serveraddress: host });
    const saved = await new DockerConfig(ctx.env).store(host, res.IdentityToken ? { username, identitytoken: res.IdentityToken } : { username, password });
    ctx.stdout.write(`Credentials saved in ${saved}\n${res.Status}\n`);
    return 0;
  } finally {
    client.close();
  }
}
