/** Collects a PTY's output so tests can wait for a pattern in it. */

import type { PtyProcess } from "../../../src/ssh/pty/mod.ts";

/** Terminal output received so far, with a way to wait for a pattern. */
export interface PtyOutput {
  text(): string;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
}

/** Starts collecting `pty.stream`'s output as text. */
export function collectOutput(pty: PtyProcess): PtyOutput {
  let text = "";
  const waiters = new Set<() => void>();
  const decoder = new TextDecoder();
  pty.stream.on("data", (chunk: Uint8Array) => {
    text += decoder.decode(chunk, { stream: true });
    for (const wake of waiters) wake();
  });

  return {
    text: () => text,
    waitFor(pattern, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match === null) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(match);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`Timed out waiting for ${pattern}; output so far: ${JSON.stringify(text)}`),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
