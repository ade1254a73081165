/** Finding the merge directive in the headers of a MIME part. */

/** Header names cloud-init reads a part's merge directive from, in order. */
export const MERGE_TYPE_HEADERS = ["Merge-Type", "X-Merge-Type"] as const;

/**
 * Returns the value of the first non-empty `Merge-Type` or `X-Merge-Type`
 * header, or undefined. Like cloud-init, which reads the headers into a
 * Python dict, the names must match exactly: `merge-type` is not found.
 */
export function findMergeTypeHeader(
  headers: Iterable<readonly [string, string]> | Readonly<Record<string, string>>,
): string | undefined {
  const entries = Symbol.iterator in headers
    ? [...(headers as Iterable<readonly [string, string]>)]
    : Object.entries(headers);
  for (const name of MERGE_TYPE_HEADERS) {
    // A repeated header keeps the value of its first occurrence.
    const value = entries.find(([key]) => key === name)?.[1];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}
