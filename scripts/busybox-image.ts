// Writes busybox:latest as a docker-archive built from Debian's busybox-static (/bin/busybox), so
// the examples run without pulling anything from a registry:
//   node --import tsx scripts/busybox-image.ts /tmp/busybox.tar && berth image load -i /tmp/busybox.tar
import { makeDockerArchive } from '../test/fixtures/busybox-image';

async function main(out: string | undefined): Promise<void> {
  if (out === undefined) throw new Error('usage: busybox-image.ts OUT.tar');
  await makeDockerArchive(out, { name: 'busybox', tag: 'latest' });
  process.stdout.write(`${out}: busybox:latest\n`);
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exitCode = 1;
});
