// A hijacked stdio connection (attach, exec start) as the client hands it out.
import type { Duplex } from 'node:stream';

export interface AttachedStream {
  socket: Duplex;
  /** False for a TTY (raw) stream. */
  multiplexed: boolean;
}
