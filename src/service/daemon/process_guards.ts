/**
 * Keeps the daemon alive when one connection's code throws outside a handler:
 * an unhandled rejection or an uncaught error is logged and the process goes on
 * serving the other connections.
 */

import { getLogger } from "../../log/logging.ts";

let installed = false;

/** Installs the global `unhandledrejection` and `error` handlers once per process. */
export function installProcessGuards(): void {
  if (installed) return;
  installed = true;
  const logger = getLogger("service", "daemon");
  globalThis.addEventListener("unhandledrejection", (event) => {
    event.preventDefault();
    logger.error("Unhandled promise rejection, the daemon keeps running: {error}", {
      error: describe(event.reason),
    });
  });
  globalThis.addEventListener("error", (event) => {
    event.preventDefault();
    logger.error("Uncaught error, the daemon keeps running: {error}", {
      error: describe(event.error ?? event.message),
    });
  });
}

function describe(value: unknown): string {
  return value instanceof Error ? `${value.name}: ${value.message}` : String(value);
}
