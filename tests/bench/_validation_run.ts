/**
 * Shared shapes and arithmetic for the validation benchmarks: one timed run of
 * a validator over a set of files, and the median over several runs.
 */

/** Outcome of validating every file once: wall time, counts, and the names of rejected files. */
export interface ValidationRun {
  seconds: number;
  accepted: number;
  rejected: number;
  /** File names (without folder) that the validator rejected, sorted. */
  rejectedNames: string[];
}

/** Returns the median of `values`. Throws a RangeError when there are none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError("Cannot take the median of no values.");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Returns the run whose wall time is the median, taking the lower middle run for an even count. */
export function medianRun(runs: readonly ValidationRun[]): ValidationRun {
  if (runs.length === 0) throw new RangeError("Cannot take the median of no runs.");
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  return {
    ...sorted[Math.floor((sorted.length - 1) / 2)],
    seconds: median(runs.map((r) => r.seconds)),
  };
}

/** Measures the wall time of `work` in seconds, returning it with the work's result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = performance.now();
  const result = await work();
  return { seconds: (performance.now() - started) / 1000, result };
}
