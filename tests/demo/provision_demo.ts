/**
 * The provisioning part of `deno task demo`: builds a NoCloud seed image from
 * the bundled example with cloud-localds, provisions a throwaway copy of the
 * cached Debian root with `egs-service run --seed … --root …`, and prints
 * what changed in the copy and the events reported over KVP. Runs as root
 * only; the copy is removed at the end.
 */

import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { openKvpStore } from "../../src/kvp/open_store.ts";
import { KvpPoolId } from "../../src/kvp/pool.ts";
import { SERVICE_PERMISSION_FLAGS } from "../../src/permissions.ts";
import { readCloudInitEvents } from "../../src/reporting/cloud_init_event_reader.ts";
import { ensurePackages } from "../_support/debian_packages.ts";
import { copyDebianRoot, debianRootPath } from "../_support/debian_root.ts";
import { buildSeedImage, hasCloudLocalds } from "./build_seed_image.ts";

const repositoryRoot = fileURLToPath(new URL("../..", import.meta.url));
const exampleDir = join(repositoryRoot, "tests", "demo", "example");

type FileFacts = Map<string, string>;

const STATE_PREFIX = "var/lib/eryph/provisioning/";
const SHOWN_STATE_FILES = [`${STATE_PREFIX}state.json`, `${STATE_PREFIX}instance-data.json`];

if (Deno.uid() !== 0) {
  console.log(
    "Skipped: provisioning the demo root needs root (chroot, useradd inside the copy). " +
      "Run `sudo deno task demo` to see it.",
  );
  Deno.exit(0);
}
// As root, the packages the demo needs are installed when missing.
await ensurePackages([
  { command: "cloud-localds", packageName: "cloud-image-utils" },
  { command: "debootstrap", packageName: "debootstrap" },
]);
if (!await hasCloudLocalds()) {
  console.log(
    "Skipped: cloud-localds is missing. Install it with `apt-get install cloud-image-utils`.",
  );
  Deno.exit(0);
}

const work = await Deno.makeTempDir({ prefix: "egs-demo-" });
try {
  const root = join(work, "root");
  if (!existsSync(debianRootPath("minbase"))) {
    console.log(
      "Building the cached Debian root first (debootstrap, downloads from the Debian mirror; " +
        "a few minutes, once)...",
    );
  }
  await copyDebianRoot(root);
  const seed = await buildSeedImage(join(work, "seed"), {
    userData: await Deno.readTextFile(join(exampleDir, "user-data")),
    metaData: await Deno.readTextFile(join(exampleDir, "meta-data")),
    vendorData: await Deno.readTextFile(join(exampleDir, "vendor-data")),
  });
  console.log(`Seed image: ${seed} (built with cloud-localds)`);
  console.log(`Target root: ${root} (a copy of the cached Debian minbase root)\n`);

  const before = await describeTree(root);
  const accountsBefore = await readAccounts(root);
  const args = ["run", "--seed", seed, "--root", root, "--boot-id", "demo-boot-1"];
  console.log(`$ egs-service ${args.join(" ")}\n`);
  const status = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      ...SERVICE_PERMISSION_FLAGS,
      join(repositoryRoot, "src/service/main.ts"),
      ...args,
      "--log-level",
      "warning",
      "--log-format",
      "text",
    ],
    stdin: "null",
  }).spawn().status;
  if (!status.success) {
    console.error(`\negs-service run failed with exit code ${status.code}.`);
    Deno.exit(status.code);
  }

  await printChanges(root, before, accountsBefore);
  await printEvents(root);
} finally {
  await Deno.remove(work, { recursive: true });
}

async function printChanges(root: string, before: FileFacts, accountsBefore: Accounts) {
  const after = await readAccounts(root);
  console.log("\n-- Host name");
  console.log(`  ${accountsBefore.hostname} -> ${after.hostname}`);
  console.log("-- New users (/etc/passwd in the root)");
  for (const line of after.passwd.filter((line) => !accountsBefore.passwd.includes(line))) {
    console.log(`  ${line}`);
  }
  console.log("-- New or changed groups (/etc/group in the root)");
  for (const line of after.group.filter((line) => !accountsBefore.group.includes(line))) {
    console.log(`  ${line}`);
  }
  console.log("-- New or changed files");
  const now = await describeTree(root);
  let stateFiles = 0;
  for (const [path, facts] of now) {
    const previous = before.get(path);
    if (previous === facts) continue;
    // The runner's own bookkeeping would drown the interesting changes.
    if (path.startsWith(STATE_PREFIX) && !SHOWN_STATE_FILES.includes(path)) {
      stateFiles++;
      continue;
    }
    const shown = facts.replace(/, mtime .*$/, "");
    console.log(`  ${previous === undefined ? "new    " : "changed"} /${path}  (${shown})`);
  }
  console.log(`  … and ${stateFiles} semaphore and marker files under /${STATE_PREFIX}`);
}

async function printEvents(root: string) {
  const pool = await openKvpStore({ dir: join(root, "var/lib/hyperv") })
    .pool(KvpPoolId.Guest).readAll();
  console.log("-- KVP guest pool");
  console.log(`  eryph.provisioning.state = ${pool.get("eryph.provisioning.state")}`);
  for (const event of readCloudInitEvents(pool)) {
    const result = event.result === undefined ? "" : ` ${event.result}`;
    console.log(`  ${event.timestamp} ${event.type.padEnd(6)} ${event.name}${result}`);
  }
}

interface Accounts {
  hostname: string;
  passwd: string[];
  group: string[];
}

async function readAccounts(root: string): Promise<Accounts> {
  const lines = async (path: string) =>
    (await Deno.readTextFile(join(root, path))).split("\n").filter((line) => line !== "");
  return {
    hostname: (await Deno.readTextFile(join(root, "etc/hostname"))).trim(),
    passwd: await lines("etc/passwd"),
    group: await lines("etc/group"),
  };
}

/** Maps each file and symlink below `dir` to its size, mode and owner. */
async function describeTree(dir: string, facts: FileFacts = new Map(), base = dir) {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      await describeTree(path, facts, base);
      continue;
    }
    const info = await Deno.lstat(path);
    const mode = (info.mode! & 0o7777).toString(8).padStart(4, "0");
    facts.set(
      relative(base, path),
      `${info.size} bytes, mode ${mode}, owner ${info.uid}:${info.gid}, mtime ${info.mtime?.getTime()}`,
    );
  }
  return facts;
}
