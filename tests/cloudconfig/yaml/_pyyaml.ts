/**
 * Runs PyYAML's `safe_load` on many documents in one `python3` process and
 * returns each result in the JSON form `toPlainJson` produces, so tests can
 * compare the loader with the parser cloud-init uses.
 */

const SCRIPT = `
import base64, datetime, json, math, sys, yaml

def plain(value):
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted(plain(item) for item in value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return str(value)
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if abs(value) <= 2**53 - 1 else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return value
    raise TypeError(type(value).__name__)

results = []
for text in json.load(sys.stdin):
    try:
        results.append({"value": plain(yaml.safe_load(text))})
    except Exception as error:
        results.append({"error": type(error).__name__ + ": " + str(error).splitlines()[0]})
json.dump(results, sys.stdout)
`;

/** One PyYAML result: the plain value, or the error PyYAML raised. */
export type PyYamlResult = { value: unknown } | { error: string };

/** Returns true when `python3` can import PyYAML (Debian package python3-yaml). */
export function hasPyYaml(): boolean {
  try {
    const output = new Deno.Command("python3", {
      args: ["-c", "import yaml"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    return output.success;
  } catch {
    return false;
  }
}

/** Loads each text with PyYAML `safe_load` and returns the results in order. */
export async function loadWithPyYaml(texts: string[]): Promise<PyYamlResult[]> {
  const child = new Deno.Command("python3", {
    args: ["-c", SCRIPT],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(texts)));
  await writer.close();
  const output = await child.output();
  if (!output.success) {
    throw new Error(`python3 failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return JSON.parse(new TextDecoder().decode(output.stdout));
}
