// A container record write without fsync, for changes that recovery re-derives anyway. The
// exited state is one: conmon fsyncs the exit file before it exits, and `recover` finishes any
// record still marked running from that file. So the record is renamed into place (never torn:
// rename is atomic) without the two fsyncs (~3-5 ms on this host's disk) of the durable write.
// Same file and format as JsonStore's put, so JsonStore reads it back.
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export async function writeRecordNoSync(dir: string, key: string, value: unknown): Promise<void> {
  const path = join(dir, `${key}.json`);
  const tmp = join(dir, `.${key}.json.${randomBytes(6).toString('hex')}.tmp`);
  const fh = await open(tmp, 'w', 0o644);
  try {
    await fh.writeFile(JSON.stringify(value, null, 1) + '\n');
  } finally {
    await fh.close();
  }
  await rename(tmp, path).catch(async (err: unknown) => {
    await rm(tmp, { force: true });
    throw err;
  });
}
