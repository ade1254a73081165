/** The error the YAML loader throws for input that PyYAML's SafeLoader would reject. */

import { formatLocation, InputError } from "../../errors.ts";

/** Position of a YAML problem. Lines and columns are 1-based. */
export interface YamlLocation {
  file?: string;
  line: number;
  column: number;
}

/**
 * Reports YAML that cannot be loaded: a syntax error, an unknown tag, a value
 * that does not fit its tag, or a second document. The message starts with
 * `file:line:column`, then states what is wrong and how to fix it. It carries
 * no stack trace, so the CLI prints it as is.
 */
export class YamlSyntaxError extends InputError {
  declare readonly location: YamlLocation;

  /** Creates the error; `problem` and `hint` are full sentences. */
  constructor(problem: string, location: YamlLocation, hint?: string, options?: ErrorOptions) {
    const where = formatLocation(location);
    const message = hint === undefined ? `${where}: ${problem}` : `${where}: ${problem} ${hint}`;
    super(message, location, options);
  }
}
