// Compose numbers (bytes, CPUs, Go durations) as Kubernetes quantities and seconds.
import { parseDuration } from '../spec/normalize/units';

const BINARY: Array<[string, number]> = [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]];

/** Bytes as the largest binary suffix that divides them: 536870912 -> "512Mi". */
export function bytesQuantity(bytes: number): string {
  for (const [suffix, size] of BINARY) if (bytes >= size && bytes % size === 0) return `${bytes / size}${suffix}`;
  return String(Math.round(bytes));
}

/** CPUs as millicores when fractional: 0.5 -> "500m", 2 -> "2". */
export function cpuQuantity(cpus: number): string {
  return Number.isInteger(cpus) ? String(cpus) : `${Math.round(cpus * 1000)}m`;
}

/** A Go duration in whole seconds, rounded up (a probe's period cannot be under 1 s). */
export function seconds(duration: string | undefined, fallback: number): number {
  if (duration === undefined) return fallback;
  return Math.max(1, Math.ceil(parseDuration(duration) / 1e9));
}

/** A duration in seconds, allowing 0 (terminationGracePeriodSeconds). */
export function wholeSeconds(duration: string): number {
  return Math.ceil(parseDuration(duration) / 1e9);
}
