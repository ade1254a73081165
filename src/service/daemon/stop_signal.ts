/** Waiting for the signal that stops the daemon. */

/**
 * Resolves with the name of the first stop signal received: SIGTERM (what
 * systemd sends) or SIGINT. Windows delivers only SIGINT and SIGBREAK to Deno.
 */
export function waitForStopSignal(): Promise<string> {
  const signals: Deno.Signal[] = Deno.build.os === "windows"
    ? ["SIGINT", "SIGBREAK"]
    : ["SIGTERM", "SIGINT"];
  return new Promise((resolve) => {
    const handlers = signals.map((signal) => {
      const handler = () => {
        handlers.forEach(({ signal, handler }) => Deno.removeSignalListener(signal, handler));
        resolve(signal);
      };
      Deno.addSignalListener(signal, handler);
      return { signal, handler };
    });
  });
}
