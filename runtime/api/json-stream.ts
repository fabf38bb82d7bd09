// Newline-delimited JSON streams, as dockerd writes /events, /images/load progress and
// /containers/{id}/stats: one JSON document per line, flushed as it happens.
import type { Writable } from 'node:stream';

export function writeJsonLine(out: Writable, value: unknown): boolean {
  return out.write(JSON.stringify(value) + '\n');
}
