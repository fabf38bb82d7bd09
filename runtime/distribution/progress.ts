// What a pull or push reports as it goes, in the words dockerd's JSON progress stream uses
// (distribution/xfer): per-layer lines keyed by the short digest ("Pulling fs layer",
// "Downloading" with current/total, "Verifying Checksum", "Download complete", "Extracting", "Pull complete",
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

/**
 * Rate-limits byte progress to one event per `everyMs` of `now()` (and the first and last byte),
 * as dockerd's progress readers do (100 ms): every event is a JSON line written to the client,
 * and a 200 MB pull on loopback reported per 256 KiB spent 10 % of the daemon's thread on them.
 */
export function byteReporter(on: OnProgress, id: string, status: string, total: number, now: () => number = () => performance.now(), everyMs = 100): (current: number) => void {
  let next = -Infinity;
  return (current) => {
    if (current < total) {
      const t = now();
      if (t < next) return;
      next = t + everyMs;
    }
    on({ id, status, progress: { current, total } });
  };
}
