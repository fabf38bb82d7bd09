// Durations and byte sizes as compose-go reads and prints them: durations with Go's
// time.ParseDuration grammar ("1m30s", "1.5h", "300ms") printed as time.Duration.String();
// sizes with docker/go-units RAMInBytes (binary multiples, "640kb" = 655360, -1 allowed).

const DURATION_UNITS: Record<string, number> = {
  ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9,
};

/** Go duration string (or a bare number of seconds, as compose-go accepts) → nanoseconds. */
export function parseDuration(text: string | number): number {
  if (typeof text === 'number') return text * 1e9;
  const s = text.trim();
  if (s === '0') return 0;
  const m = /^([+-])?((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+$/.exec(s);
  if (!m) throw new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let total = 0;
  for (const part of s.replace(/^[+-]/, '').matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/g)) {
    total += Number(part[1]) * DURATION_UNITS[part[2]!]!;
  }
  return Math.round(m[1] === '-' ? -total : total);
}

/** nanoseconds → Go's time.Duration.String(): "1m30s", "10s", "1.5s", "300ms", "0s". */
export function formatDuration(ns: number): string {
  if (ns === 0) return '0s';
  const sign = ns < 0 ? '-' : '';
  let n = Math.abs(ns);
  if (n < 1e9) {
    if (n < 1e3) return `${sign}${n}ns`;
    if (n < 1e6) return `${sign}${trim(n / 1e3)}µs`;
    return `${sign}${trim(n / 1e6)}ms`;
  }
  const h = Math.floor(n / 3600e9);
  n -= h * 3600e9;
  const m = Math.floor(n / 60e9);
  n -= m * 60e9;
  const s = trim(n / 1e9);
  if (h > 0) return `${sign}${h}h${m}m${s}s`;
  if (m > 0) return `${sign}${m}m${s}s`;
  return `${sign}${s}s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(9)));
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };

/** "640kb", "1g", "512m", 1024, "-1" → bytes (go-units RAMInBytes, case-insensitive). */
export function parseBytes(value: string | number): number {
  if (typeof value === 'number') return value;
  const m = /^\s*(-?\d+(?:\.\d+)?)\s*([kmgtp]?)(i?b)?\s*$/i.exec(value);
  if (!m) throw new Error(`invalid size: '${value}'`);
  const unit = m[2]!.toLowerCase() || (m[3] ? 'b' : '');
  return Math.floor(Number(m[1]) * BYTE_UNITS[unit]!);
}
