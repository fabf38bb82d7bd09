// Pull/push progress as the docker CLI shows it (pkg/jsonmessage DisplayJSONMessagesStream): on a
// terminal one line per layer, redrawn in place as its status and bar change; without one, plain
// lines for each status change (byte progress left out, as docker does off a terminal); `json`
// passes the engine's messages through; `quiet` shows nothing.
import type { Writable } from 'node:stream';
import type { JsonMessage } from '../../runtime/api/types';

export type ProgressMode = 'tty' | 'plain' | 'json' | 'quiet';

export interface ProgressRenderer {
  onMessage(m: JsonMessage): void;
}

/** --progress auto|tty|plain|json|quiet (auto: tty on a terminal), -q wins. */
export function progressMode(flag: string | undefined, quiet: boolean, out: Writable): ProgressMode {
  if (quiet) return 'quiet';
  if (flag === 'tty' || flag === 'plain' || flag === 'json' || flag === 'quiet') return flag;
  if (flag !== undefined && flag !== 'auto') throw new Error(`--progress ${flag}: expected auto, tty, plain, json or quiet`);
  return (out as { isTTY?: boolean }).isTTY === true ? 'tty' : 'plain';
}

function text(m: JsonMessage, prefix: string): string {
  const head = m.id ? `${m.id}: ` : '';
  return `${prefix}${head}${m.status ?? ''}${m.progress ? ' ' + m.progress : ''}`;
}

export function progressRenderer(out: Writable, mode: ProgressMode, prefix = ''): ProgressRenderer {
  if (mode === 'quiet') return { onMessage: () => undefined };
  if (mode === 'json') return { onMessage: (m) => { out.write(JSON.stringify(m) + '\n'); } };
  if (mode === 'plain') {
    return {
      onMessage: (m) => {
        if (m.aux || (m.progressDetail && m.status !== undefined && /^(Downloading|Pushing|Extracting)$/.test(m.status))) return;
        if (m.status) out.write(text(m, prefix) + '\n');
      },
    };
  }
  const lines: { id?: string; text: string }[] = [];
  let drawn = 0;
  return {
    onMessage: (m) => {
      if (m.aux || !m.status) return;
      const at = m.id === undefined ? -1 : lines.findIndex((l) => l.id === m.id);
      if (at >= 0) lines[at].text = text(m, prefix);
      else lines.push({ id: m.id, text: text(m, prefix) });
      // Move up over what was drawn and draw every line again, each cleared first.
      let s = drawn > 0 ? `\x1b[${drawn}A` : '';
      for (const l of lines) s += `\x1b[2K\r${l.text}\n`;
      drawn = lines.length;
      out.write(s);
    },
  };
}
