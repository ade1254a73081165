/**
 * Rendering of `## template: jinja` parts with nunjucks, a Jinja-compatible
 * engine, against instance data laid out as cloud-init's `instance-data.json`.
 */

import nunjucks from "nunjucks";
import { InputError } from "../errors.ts";

/**
 * Converts instance data to the variables cloud-init exposes to templates:
 * every key with `-` also gets an `_` alias, and the keys of versioned
 * sections such as `v1` are copied to the top level, so both
 * `v1.instance_id` and `instance_id` work.
 */
export function jinjaVariables(instanceData: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const key of Object.keys(instanceData).sort()) {
    const value = convertValue(instanceData[key]);
    variables[key] = value;
    if (key.includes("-")) variables[key.replaceAll("-", "_")] = value;
  }
  for (const key of Object.keys(variables).sort()) {
    const section = variables[key];
    if (/^v\d+$/.test(key) && isRecord(section)) Object.assign(variables, structuredClone(section));
  }
  addDictMethods(variables);
  return variables;
}

/**
 * Gives every mapping of the template variables the dict methods that
 * cloud-init's Jinja templates call, such as
 * `ds.meta_data.get('local-hostname', 'none')` or
 * `for key, value in v1.items()`. They are not enumerable, so a loop over a
 * mapping does not list them, and a key of the data with the same name wins.
 */
function addDictMethods(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) addDictMethods(item);
    return;
  }
  if (!isRecord(value)) return;
  for (const child of Object.values(value)) addDictMethods(child);

  const methods: Record<string, (...args: unknown[]) => unknown> = {
    get: (key, fallback = null) =>
      Object.hasOwn(value, String(key)) ? value[String(key)] : fallback,
    keys: () => Object.keys(value),
    values: () => Object.values(value),
    items: () => Object.entries(value),
  };
  for (const [name, method] of Object.entries(methods)) {
    if (Object.hasOwn(value, name)) continue;
    Object.defineProperty(value, name, { value: method, enumerable: false });
  }
}

function convertValue(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const converted: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    converted[key] = convertValue(child);
    if (key.includes("-")) converted[key.replaceAll("-", "_")] = converted[key];
  }
  return converted;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const environment = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });

/**
 * Renders a template body (without its `## template: jinja` line).
 * Throws {@linkcode InputError} naming `name` when the template is invalid.
 *
 * NOTE: an undefined variable renders as an empty string, where cloud-init
 * writes `CI_MISSING_JINJA_VAR/<name>` and logs a warning.
 */
export function renderJinja(
  template: string,
  instanceData: Record<string, unknown>,
  name: string,
): string {
  try {
    return environment.renderString(template, jinjaVariables(instanceData));
  } catch (error) {
    const detail = describeNunjucksError(error);
    throw new InputError(
      `Cannot render the jinja template in ${name}: ${detail}. Fix the template.`,
      { file: name },
      { cause: error },
    );
  }
}

/**
 * Compiles a template body without rendering it and returns the syntax
 * error nunjucks reports, or undefined when the template compiles.
 */
export function jinjaSyntaxError(template: string): string | undefined {
  try {
    new nunjucks.Template(template, environment, undefined, true);
    return undefined;
  } catch (error) {
    return describeNunjucksError(error);
  }
}

/**
 * Words a nunjucks error with the line of the part: nunjucks counts lines of
 * the body without the `## template: jinja` line, and names no file.
 */
function describeNunjucksError(error: unknown): string {
  return (error as Error).message
    .replace(/\s+/g, " ")
    .replace(/^\(unknown path\) /, "")
    .replace(
      /\[Line (\d+), Column (\d+)\]/,
      (_, line, column) => `at line ${Number(line) + 1}, column ${column}:`,
    )
    .trim();
}
