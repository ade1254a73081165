/**
 * Progress display for transfers: a cli-progress bar with bytes, rate and
 * ETA on stderr when it is a terminal, nothing otherwise, so piped output and
 * logs stay clean.
 */

import cliProgress from "cli-progress";

/** Receives the byte counts of a transfer. */
export interface TransferProgress {
  start(totalBytes: number): void;
  advance(bytes: number): void;
  stop(): void;
}

/** Returns a progress bar on a terminal and a silent reporter otherwise. */
export function createProgress(
  label: string,
  isTerminal = Deno.stderr.isTerminal(),
): TransferProgress {
  return isTerminal ? new BarProgress(label) : SILENT_PROGRESS;
}

/** A reporter that shows nothing, for piped output and tests. */
export const SILENT_PROGRESS: TransferProgress = {
  start() {},
  advance() {},
  stop() {},
};

class BarProgress implements TransferProgress {
  #bar: cliProgress.SingleBar;
  #done = 0;
  #started = 0;

  constructor(label: string) {
    this.#bar = new cliProgress.SingleBar({
      format: `${label} [{bar}] {percentage}% | {done} / {size} | {rate} | ETA {eta_formatted}`,
      hideCursor: true,
      etaBuffer: 50,
      fps: 10,
    }, cliProgress.Presets.shades_classic);
  }

  start(totalBytes: number): void {
    this.#started = performance.now();
    this.#bar.start(Math.max(totalBytes, 1), 0, this.#payload(totalBytes));
  }

  advance(bytes: number): void {
    this.#done += bytes;
    this.#bar.update(this.#done, this.#payload(this.#bar.getTotal()));
  }

  stop(): void {
    this.#bar.stop();
  }

  #payload(total: number) {
    const seconds = (performance.now() - this.#started) / 1000;
    const rate = seconds > 0 ? `${formatBytes(this.#done / seconds)}/s` : "-";
    return { done: formatBytes(this.#done), size: formatBytes(total), rate };
  }
}

/** Formats a byte count with binary units, for example `1.5 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit]}`;
}
