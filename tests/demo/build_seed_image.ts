/**
 * Builds a NoCloud seed image (an ISO 9660 filesystem labelled `cidata`)
 * with `cloud-localds` from the `cloud-image-utils` package, as users build
 * seeds for real VMs. Shared by the demo and the end-to-end tests.
 */

import { join } from "node:path";

/** The files of one NoCloud seed; the text is written as given. */
export interface SeedFiles {
  userData: string;
  metaData: string;
  vendorData?: string;
  networkConfig?: string;
}

/** True when `cloud-localds` can be run. */
export async function hasCloudLocalds(): Promise<boolean> {
  try {
    const status = await new Deno.Command("cloud-localds", {
      args: ["--help"],
      stdout: "null",
      stderr: "null",
    }).output();
    return status.success;
  } catch {
    return false;
  }
}

/**
 * Writes the seed files into `dir` and builds `dir/seed.img` from them;
 * returns the image path. Throws with cloud-localds' output when it fails.
 */
export async function buildSeedImage(dir: string, files: SeedFiles): Promise<string> {
  await Deno.mkdir(dir, { recursive: true });
  const userData = join(dir, "user-data");
  const metaData = join(dir, "meta-data");
  await Deno.writeTextFile(userData, files.userData);
  await Deno.writeTextFile(metaData, files.metaData);
  const args = [];
  if (files.vendorData !== undefined) {
    await Deno.writeTextFile(join(dir, "vendor-data"), files.vendorData);
    args.push("--vendor-data", join(dir, "vendor-data"));
  }
  if (files.networkConfig !== undefined) {
    await Deno.writeTextFile(join(dir, "network-config"), files.networkConfig);
    args.push("--network-config", join(dir, "network-config"));
  }
  const image = join(dir, "seed.img");
  const output = await new Deno.Command("cloud-localds", {
    args: [...args, image, userData, metaData],
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr).trim();
    throw new Error(`cloud-localds failed with exit code ${output.code}: ${stderr}`);
  }
  return image;
}
