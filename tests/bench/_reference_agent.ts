/**
 * The references of the provisioning benchmark: the least an agent on EGS's
 * stack does to apply the benchmark seed, in two variants.
 *
 * - `minimal` reads `user-data` from the seed folder, parses it with `yaml`
 *   in YAML 1.1 mode and checks it with a zod schema of the four keys the
 *   seed uses.
 * - `required` does what EGS must do on every run instead. It loads the
 *   user-data with EGS's YAML 1.1 loader and validates it against EGS's whole
 *   cloud-config schema. It writes `eryph.provisioning.state` to the root's
 *   guest KVP pool under the pool's fcntl lock, through FFI.
 *
 * Both then apply the seed to the root: the host name, one `useradd` per
 * user, the files and the commands, all chrooted as EGS runs them. Neither
 * searches datasources or keeps state, semaphores or logs.
 *
 * Usage: `minimal|required run --seed DIR --root DIR [--boot-id ID]`, the
 * command line of `egs-service run` that the benchmark passes, after the
 * variant. The boot id is ignored.
 */

import { parse } from "yaml";
import { z } from "../../src/zod.ts";

const SeedConfig = z.object({
  hostname: z.string(),
  users: z.array(z.object({ name: z.string(), shell: z.string().optional() })),
  write_files: z.array(
    z.object({ path: z.string(), content: z.string(), permissions: z.string().optional() }),
  ),
  runcmd: z.array(z.array(z.string())),
});

type SeedConfig = z.infer<typeof SeedConfig>;

interface Arguments {
  variant: "minimal" | "required";
  seed: string;
  root: string;
}

function parseArguments(args: string[]): Arguments {
  const [variant, command, ...rest] = args;
  const values = new Map<string, string>();
  for (let index = 0; index < rest.length; index += 2) values.set(rest[index], rest[index + 1]);
  const seed = values.get("--seed");
  const root = values.get("--root");
  if (
    (variant !== "minimal" && variant !== "required") || command !== "run" ||
    seed === undefined || root === undefined
  ) {
    throw new Error(
      `Usage: minimal|required run --seed DIR --root DIR [--boot-id ID]; got "${args.join(" ")}".`,
    );
  }
  return { variant, seed, root };
}

/** Reports the run's state; the minimal variant reports nothing. */
type Report = (state: "running" | "completed") => Promise<void>;

function readMinimal(userData: string): { config: SeedConfig; report: Report } {
  const config = SeedConfig.parse(parse(userData, { version: "1.1" }));
  return { config, report: () => Promise.resolve() };
}

async function readRequired(
  userData: string,
  root: string,
): Promise<{ config: SeedConfig; report: Report }> {
  const { loadCloudConfig } = await import("../../src/cloudconfig/load.ts");
  const { hasErrors, validateCloudConfig } = await import("../../src/cloudconfig/validate.ts");
  const { FileKvpPool, poolFilePath } = await import("../../src/kvp/file_pool.ts");

  const config = loadCloudConfig(userData, { file: "user-data" });
  const problems = validateCloudConfig(config, { file: "user-data" });
  if (hasErrors(problems)) {
    throw new Error(`The seed is invalid: ${problems.map((p) => p.message).join("; ")}`);
  }

  const kvpDir = `${root}/var/lib/hyperv`;
  await Deno.mkdir(kvpDir, { recursive: true });
  const pool = new FileKvpPool(poolFilePath(kvpDir, 1));
  const report = (state: string) => pool.update({ "eryph.provisioning.state": state });
  return { config: SeedConfig.parse(config), report };
}

async function chrooted(root: string, argv: string[]): Promise<void> {
  const result = await new Deno.Command("chroot", {
    args: [root, ...argv],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    const stderr = new TextDecoder().decode(result.stderr).trim();
    throw new Error(`"${argv.join(" ")}" exited with code ${result.code}: ${stderr}`);
  }
}

async function apply(config: SeedConfig, root: string): Promise<void> {
  await Deno.writeTextFile(`${root}/etc/hostname`, `${config.hostname}\n`);

  for (const user of config.users) {
    const shell = user.shell === undefined ? [] : ["--shell", user.shell];
    await chrooted(root, ["useradd", user.name, ...shell, "-m"]);
  }

  for (const file of config.write_files) {
    const path = `${root}${file.path}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, file.content, {
      mode: Number.parseInt(file.permissions ?? "0644", 8),
    });
  }

  for (const command of config.runcmd) await chrooted(root, command);
}

async function main(): Promise<void> {
  const { variant, seed, root } = parseArguments(Deno.args);
  const userData = await Deno.readTextFile(`${seed}/user-data`);
  const { config, report } = variant === "minimal"
    ? readMinimal(userData)
    : await readRequired(userData, root);
  await report("running");
  await apply(config, root);
  await report("completed");
}

await main();
