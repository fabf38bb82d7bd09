// Builds through the engine API the way `berth image build` does (context folder → tar → POST
// /build), collecting the output; for the build tests that check instructions, cache and errors.
import { EngineClient, buildImage, type BuildQuery } from '../../core/engine/index';
import { packContext } from '../../core/compose/build-context';

export interface Built { id: string; output: string }

export async function buildDir(socketPath: string, dir: string, q: Partial<BuildQuery> & { file?: string } = {}): Promise<Built> {
  const client = new EngineClient(socketPath);
  try {
    const packed = await packContext({ dir, dockerfile: q.file });
    let output = '';
    const id = await buildImage(client.transport, packed.tar, { tags: [], ...q, dockerfile: packed.dockerfile }, (t) => { output += t; });
    return { id, output };
  } finally {
    client.close();
  }
}

/** The build's error message (the test expects it to fail). */
export async function buildError(socketPath: string, dir: string, q: Partial<BuildQuery> = {}): Promise<string> {
  try {
    await buildDir(socketPath, dir, q);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('the build succeeded');
}
