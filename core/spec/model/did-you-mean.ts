// "servces" → did you mean "services"? Levenshtein distance against the keys a mapping allows,
// as compilers and git suggest. Only close matches are offered (a third of the key's length).

/** Edit distance (insertions, deletions, substitutions), two rows of the classic table. */
export function levenshtein(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    prev = cur;
  }
  return prev[b.length]!;
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
