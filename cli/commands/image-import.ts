// `berth image import [-c CHANGE]... [-m MSG] FILE|- [REPOSITORY[:TAG]]`: a rootfs tarball as a
// one-layer image; prints the image id, as `docker import` does.
import { open } from 'node:fs/promises';
import { connectEngine } from './engine-connect';
import { list, parseArgs, str } from './engine-args';
import type { CommandContext } from '../context';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { client, rest } = await connectEngine(args, ctx);
  try {
    const { flags, positionals } = parseArgs(rest, { change: { short: 'c', type: 'list' }, message: { short: 'm', type: 'string' }, platform: { type: 'string' } });
    const [file, ref] = positionals;
    if (!file) {
      ctx.stderr.write('berth image import: requires at least 1 argument (FILE or -)\n');
      return 1;
    }
    let repo: string | undefined;
    let tag: string | undefined;
    if (ref) {
      const colon = ref.lastIndexOf(':');
      const slash = ref.lastIndexOf('/');
      if (colon > slash) { repo = ref.slice(0, colon); tag = ref.slice(colon + 1); } else repo = ref;
    }
    const src = file === '-' ? process.stdin : (await open(file)).createReadStream();
    const messages = await client.importImage(src, { repo, tag, message: str(flags, 'message'), changes: list(flags, 'change') });
    for (const m of messages) if (m.status) ctx.stdout.write(m.status + '\n');
    return 0;
  } finally {
    client.close();
  }
}

export const help = {
  usage: 'berth image import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]',
  summary: 'Import the contents from a tarball to create a filesystem image',
  flags: [
    ['-c, --change list', 'Apply Dockerfile instruction to the created image'],
    ['-m, --message string', 'Set commit message for imported image'],
    ['--platform string', 'Set platform if server is multi-platform capable'],
  ],
} as const;
