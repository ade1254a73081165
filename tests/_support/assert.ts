/**
 * Assertions in the shape of Deno's std/assert, built on `node:assert`
 * because JSR packages are not available to this project.
 */

import nodeAssert from "node:assert/strict";

/** Asserts that `condition` is truthy. */
export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, message);
}

/** Asserts deep, strict equality. */
export function assertEquals<T>(
  actual: unknown,
  expected: T,
  message?: string,
): asserts actual is T {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** Asserts deep inequality. */
export function assertNotEquals(actual: unknown, expected: unknown, message?: string): void {
  nodeAssert.notDeepStrictEqual(actual, expected, message);
}

/** Asserts that `actual` matches `pattern`. */
export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.match(actual, pattern, message);
}

/** Asserts that `actual` does not match `pattern`. */
export function assertNotMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.doesNotMatch(actual, pattern, message);
}

/** Asserts that `actual` contains `expected`. */
export function assertStringIncludes(actual: string, expected: string, message?: string): void {
  nodeAssert.ok(
    actual.includes(expected),
    message ?? `Expected ${JSON.stringify(actual)} to contain ${JSON.stringify(expected)}.`,
  );
}

/** Asserts that `fn` throws an instance of `errorClass`, and returns the error. */
export function assertThrows<E extends Error>(
  fn: () => unknown,
  // deno-lint-ignore no-explicit-any
  errorClass: new (...args: any[]) => E = Error as never,
  messageIncludes?: string,
): E {
  try {
    fn();
  } catch (error) {
    checkError(error, errorClass, messageIncludes);
    return error as E;
  }
  throw new nodeAssert.AssertionError({ message: "Expected the function to throw." });
}

/** Asserts that `fn` rejects with an instance of `errorClass`, and returns the error. */
export async function assertRejects<E extends Error>(
  fn: () => Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  errorClass: new (...args: any[]) => E = Error as never,
  messageIncludes?: string,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    checkError(error, errorClass, messageIncludes);
    return error as E;
  }
  throw new nodeAssert.AssertionError({ message: "Expected the promise to reject." });
}

function checkError(
  error: unknown,
  // deno-lint-ignore no-explicit-any
  errorClass: new (...args: any[]) => Error,
  messageIncludes?: string,
): void {
  nodeAssert.ok(
    error instanceof errorClass,
    `Expected ${errorClass.name}, got ${error instanceof Error ? error.name : typeof error}: ${
      String(error)
    }`,
  );
  if (messageIncludes !== undefined) {
    assertStringIncludes((error as Error).message, messageIncludes);
  }
}
