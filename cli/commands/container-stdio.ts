// Client side of an attached stream (run, attach, exec): output demultiplexed to our stdout and
// stderr (raw with a TTY), our stdin to the container when asked, and on stdin EOF a half-close
// (CloseWrite) so the process sees EOF but its output still reaches us, as the docker CLI does.
import type { Readable, Writable } from 'node:stream';
import type { Socket } from 'node:net';
import { demuxStream, rawStream, type AttachedStream } from '../../core/engine/index';

export interface StdioIO {
  stdin?: Readable & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: Writable;
  stderr: Writable;
}

/** Pumps until the engine closes the stream. */
export async function pumpAttached(stream: AttachedStream, io: StdioIO, tty: boolean): Promise<void> {
  const { socket } = stream;
  const out = stream.multiplexed ? demuxStream(socket, io.stdout, io.stderr) : rawStream(socket, io.stdout);
  let restore: (() => void) | undefined;
  if (io.stdin) {
    const stdin = io.stdin;
    if (tty && stdin.isTTY && stdin.setRawMode) {
      stdin.setRawMode(true);
      restore = () => stdin.setRawMode?.(false);
    }
    const onData = (c: Buffer): void => { socket.write(c); };
    stdin.on('data', onData);
    stdin.once('end', () => { (socket as Socket).end(); });
    socket.once('close', () => { stdin.off('data', onData); stdin.pause(); });
  }
  try {
    await out;
  } finally {
    restore?.();
  }
}
