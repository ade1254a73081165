/** Makes a test fail, instead of hang, when something it waits for never happens. */

/** Resolves like `promise`, or rejects naming `description` when `ms` pass first. */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  description: string,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} timed out after ${ms} ms.`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
