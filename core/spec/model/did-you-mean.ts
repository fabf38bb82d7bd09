// "servces" → did you mean "services"? Edit distance (Levenshtein plus neighbour swaps) against
// the keys a mapping allows, as compilers and git suggest. Only close matches are offered (a
// third of the key's length).

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbours
 * (optimal string alignment), so the common typo "wbe" is one edit from "web".
 */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** The closest allowed key to `key`, or undefined when none is close enough to be a typo. */
export function didYouMean(key: string, allowed: Iterable<string>): string | undefined {
  const limit = Math.max(1, Math.floor(key.length / 3));
  let best: string | undefined;
  let bestDist = Infinity;
  for (const cand of allowed) {
    const d = levenshtein(key.toLowerCase(), cand.toLowerCase());
    if (d < bestDist || (d === bestDist && best !== undefined && cand < best)) {
      best = cand;
      bestDist = d;
    }
  }
  return bestDist <= limit ? best : undefined;
}
