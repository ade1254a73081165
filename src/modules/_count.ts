/** Counted nouns for module messages: "1 user", "3 users". */

/** Returns `n` with `singular`, or with `plural` (default: `singular` + "s") unless `n` is 1. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
