/**
 * Process exit codes of egs-service and egs-tool. With several inputs (for
 * example `validate` over many files) the highest code wins.
 */
export enum ExitCode {
  /** Success, including "no datasource found" and a recorded reboot request. */
  Ok = 0,
  /** The work failed: a stage, module, validation, transfer or connection failed. */
  Failure = 1,
  /** Usage error, or input that cannot be read or parsed. */
  Usage = 2,
  /** `status --wait --timeout N` ran out of time. */
  Timeout = 3,
}

/** Returns the code that wins when several inputs end with different codes. */
export function worstExitCode(codes: Iterable<ExitCode>): ExitCode {
  let worst = ExitCode.Ok;
  for (const code of codes) {
    if (code > worst) worst = code;
  }
  return worst;
}
