/** Temporary directories for the datasource tests, removed when the test module unloads. */

const created: string[] = [];

globalThis.addEventListener("unload", () => {
  for (const dir of created) {
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch {
      // A directory a test already removed needs no cleanup.
    }
  }
});

/** Creates a temporary directory that is removed when the module unloads. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix });
  created.push(dir);
  return dir;
}
