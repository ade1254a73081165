/**
 * Builds seed images with the tools people use (genisoimage, cloud-localds)
 * in a temporary directory, for the datasource tests.
 */

import { join } from "node:path";
import { makeTempDir } from "./temp.ts";

/** Writes `files` (relative path to content) under a new temporary directory and returns it. */
export async function writeTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await makeTempDir("egs-seed-");
  for (const [path, content] of Object.entries(files)) {
    const target = join(dir, path);
    await Deno.mkdir(join(target, ".."), { recursive: true });
    if (typeof content === "string") await Deno.writeTextFile(target, content);
    else await Deno.writeFile(target, content);
  }
  return dir;
}

/** Runs a command and throws with its stderr when it fails. */
export async function run(command: string, args: string[]): Promise<void> {
  const output = await new Deno.Command(command, { args, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`,
    );
  }
}

/** Builds an ISO with genisoimage from a directory; `options` are extra flags such as `-J` or `-r`. */
export async function makeIso(
  sourceDir: string,
  volumeId: string,
  options: string[],
): Promise<string> {
  const image = join(await makeTempDir("egs-iso-"), "seed.iso");
  await run("genisoimage", ["-quiet", "-o", image, "-V", volumeId, ...options, sourceDir]);
  return image;
}

/** Builds a NoCloud seed image with cloud-localds from the given file contents. */
export async function makeCloudLocalds(files: {
  userData: string;
  metaData: string;
  networkConfig?: string;
  vendorData?: string;
}): Promise<string> {
  const dir = await writeTree({
    "user-data": files.userData,
    "meta-data": files.metaData,
    ...(files.networkConfig === undefined ? {} : { "network-config": files.networkConfig }),
    ...(files.vendorData === undefined ? {} : { "vendor-data": files.vendorData }),
  });
  const image = join(dir, "seed.img");
  const options = [
    ...(files.networkConfig === undefined ? [] : ["-N", join(dir, "network-config")]),
    ...(files.vendorData === undefined ? [] : ["-V", join(dir, "vendor-data")]),
  ];
  await run("cloud-localds", [...options, image, join(dir, "user-data"), join(dir, "meta-data")]);
  return image;
}
