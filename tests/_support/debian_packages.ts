/**
 * Makes sure the Debian packages a test needs are present. As root the missing
 * ones are installed with apt-get; otherwise the error names them, so the
 * reader knows what to install.
 */

/** Maps a command the tests run to the Debian package that provides it. */
export interface PackageNeed {
  command: string;
  packageName: string;
}

/** Returns the needs whose command is not on PATH. */
export async function missingPackages(needs: readonly PackageNeed[]): Promise<PackageNeed[]> {
  const missing: PackageNeed[] = [];
  for (const need of needs) {
    const found = await new Deno.Command("sh", {
      args: ["-c", `command -v "$1" >/dev/null 2>&1`, "sh", need.command],
    }).output();
    if (!found.success) missing.push(need);
  }
  return missing;
}

/** Installs the packages behind missing commands when running as root; throws naming them otherwise. */
export async function ensurePackages(needs: readonly PackageNeed[]): Promise<void> {
  const missing = await missingPackages(needs);
  if (missing.length === 0) return;

  const names = [...new Set(missing.map((need) => need.packageName))];
  if (Deno.uid() !== 0) {
    throw new Error(
      `Missing Debian packages: ${names.join(" ")}. Install them with: sudo apt-get install ${
        names.join(" ")
      }`,
    );
  }

  console.error(`Installing Debian packages the tests need: ${names.join(" ")}`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await run(["apt-get", "update", "-qq"], env);
  await run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...names], env);
}

async function run(argv: string[], env: Record<string, string>): Promise<void> {
  const status = await new Deno.Command(argv[0], { args: argv.slice(1), env, stdout: "null" })
    .spawn().status;
  if (!status.success) throw new Error(`Command failed (exit ${status.code}): ${argv.join(" ")}`);
}
