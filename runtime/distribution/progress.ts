// What a pull or push reports as it goes, in the words dockerd's JSON progress stream uses
// (distribution/xfer): per-layer lines keyed by the short digest ("Pulling fs layer",
// "Downloading" with current/total, "Verifying Checksum", "Download complete", "Pull complete",
// "Already exists"; "Preparing", "Pushing", "Pushed", "Layer already exists", "Mounted from …")
// and lines without an id ("Digest: …", "Status: …"). The API turns them into JSON messages.
export interface ProgressEvent {
  /** Short digest (12 hex) for per-layer lines, the tag for the "Pulling from" line. */
  id?: string;
  status: string;
  progress?: { current: number; total: number };
  /** Push's final {Tag, Digest, Size}. */
  aux?: Record<string, unknown>;
}

export type OnProgress = (e: ProgressEvent) => void;

export function shortId(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

/** Rate-limits byte progress to one event per `step` bytes (and the last byte). */
export function byteReporter(on: OnProgress, id: string, status: string, total: number, step = 256 * 1024): (current: number) => void {
  let next = 0;
  return (current) => {
    if (current < next && current < total) return;
    next = current + step;
    on({ id, status, progress: { current, total } });
  };
}
