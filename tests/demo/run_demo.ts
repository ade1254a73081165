/**
 * `deno task demo`: runs egs-service from source on the bundled example in
 * `tests/demo/example/`, the way a user would: validate the user-data,
 * render the merged cloud-config and its normalised, typed form, then
 * provision a throwaway Debian root from a seed image of the example.
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVICE_PERMISSION_FLAGS } from "../../src/permissions.ts";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const exampleDir = join(repositoryRoot, "tests", "demo", "example");
const userData = join(exampleDir, "user-data");
const vendorData = join(exampleDir, "vendor-data");

const steps: { title: string; args: string[] }[] = [
  {
    title: "Validate the example user-data and vendor-data",
    args: ["validate", "--target", "linux", "--user-data", userData, "--user-data", vendorData],
  },
  {
    title: "Render the merged cloud-config (vendor-data under user-data)",
    args: ["render", "--user-data", userData, "--vendor-data", vendorData],
  },
  {
    title: "Render the normalised, schema-typed form",
    args: ["render", "--typed", "--user-data", userData, "--vendor-data", vendorData],
  },
];

for (const [index, step] of steps.entries()) {
  console.log(`\n== ${index + 1}. ${step.title}`);
  console.log(`$ egs-service ${step.args.map(shortenPath).join(" ")}\n`);

  const status = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...SERVICE_PERMISSION_FLAGS,
      join(repositoryRoot, "src/service/main.ts"),
      ...step.args,
    ],
    stdin: "null",
  }).spawn().status;

  if (!status.success) {
    console.error(`\nDemo step ${index + 1} failed with exit code ${status.code}.`);
    Deno.exit(status.code);
  }
}
console.log(
  `\n== ${steps.length + 1}. Provision a throwaway Debian root from a NoCloud seed image`,
);
// The task grants no write access; the provisioning step runs as its own
// process with the permissions it needs (temporary root copy, chroot).
const provision = await new Deno.Command(Deno.execPath(), {
  args: ["run", "--allow-all", join(repositoryRoot, "tests/demo/provision_demo.ts")],
  stdin: "null",
}).spawn().status;
if (!provision.success) {
  console.error(`\nDemo step ${steps.length + 1} failed with exit code ${provision.code}.`);
  Deno.exit(provision.code);
}
console.log("\nDemo finished.");

function shortenPath(arg: string): string {
  return arg.startsWith(repositoryRoot) ? arg.slice(repositoryRoot.length) : arg;
}
