import { assert, assertEquals, assertStringIncludes } from "../_support/assert.ts";
import { startDaemon } from "../ssh/_daemon_harness.ts";

const SLOT = "eryph:guest-services:client-public-key";

Deno.test("daemon authentication with the OpenSSH client", async (t) => {
  const daemon = await startDaemon();
  try {
    await t.step("id_egs.pub key runs a command", async () => {
      const result = await daemon.ssh(["echo ok"]);
      assertEquals(result.code, 0, result.stderr);
      assertEquals(result.text, "ok\n");
    });

    await t.step("wrong user is rejected", async () => {
      const result = await daemon.ssh(["echo ok"], { user: "root" });
      assertEquals(result.code, 255);
      assertStringIncludes(result.stderr, "Permission denied (publickey)");
    });

    await t.step("password authentication is not offered", async () => {
      const result = await daemon.ssh(["echo ok"], {
        args: ["-o", "PreferredAuthentications=password,keyboard-interactive"],
      });
      assertEquals(result.code, 255);
      assertStringIncludes(result.stderr, "Permission denied (publickey)");
    });

    await t.step("unknown key is rejected", async () => {
      const stranger = await daemon.newKey("id_stranger");
      const result = await daemon.ssh(["echo ok"], { identity: stranger.path });
      assertEquals(result.code, 255);
      assertStringIncludes(daemon.log(), "the key is not authorized");
    });

    const pushed = await daemon.newKey("id_pushed");
    await t.step("key in a KVP slot works without a restart", async () => {
      await daemon.externalPool.update({ [`${SLOT}:host1`]: pushed.publicLine });
      const result = await daemon.ssh(["echo kvp"], { identity: pushed.path });
      assertEquals(result.code, 0, result.stderr);
      assertEquals(result.text, "kvp\n");
    });

    await t.step("same key with a past expiry-time is rejected", async () => {
      await daemon.externalPool.update({
        [`${SLOT}:host1`]: `expiry-time="20200101" ${pushed.publicLine}`,
      });
      const result = await daemon.ssh(["echo kvp"], { identity: pushed.path });
      assertEquals(result.code, 255);
      assertStringIncludes(daemon.log(), "because of option");
    });

    await t.step("legacy slot with a future ISO-8601 expiry-time works", async () => {
      await daemon.externalPool.update({
        [`${SLOT}:host1`]: null,
        [SLOT]: `expiry-time="2099-01-01T00:00:00Z" ${pushed.publicLine}`,
      });
      const result = await daemon.ssh(["echo legacy"], { identity: pushed.path });
      assertEquals(result.code, 0, result.stderr);
    });

    await t.step("key with from= is rejected and the option logged", async () => {
      await daemon.externalPool.update({ [SLOT]: `from="10.0.0.1" ${pushed.publicLine}` });
      const result = await daemon.ssh(["echo from"], { identity: pushed.path });
      assertEquals(result.code, 255);
      assertStringIncludes(daemon.log(), '"option":"from"');
    });

    await t.step("command= replaces the request and sets SSH_ORIGINAL_COMMAND", async () => {
      await daemon.externalPool.update({
        [SLOT]: `command="echo forced: $SSH_ORIGINAL_COMMAND" ${pushed.publicLine}`,
      });
      const result = await daemon.ssh(["echo asked"], { identity: pushed.path });
      assertEquals(result.code, 0, result.stderr);
      assertEquals(result.text, "forced: echo asked\n");
    });

    await t.step("published host keys verify with StrictHostKeyChecking", async () => {
      const hostKeys = await daemon.guestPool.get("eryph:guest-services:host-key");
      assert(hostKeys !== undefined);
      const lines = hostKeys.split("\n");
      assertEquals(lines.map((line) => line.split(" ")[0]), ["ecdsa-sha2-nistp256", "ssh-ed25519"]);
      const knownHosts = `${daemon.dir}/pinned_known_hosts`;
      await Deno.writeTextFile(knownHosts, lines.map((line) => `egs-test ${line}\n`).join(""));
      const result = await daemon.ssh(["echo pinned"], {
        args: ["-o", `UserKnownHostsFile=${knownHosts}`, "-o", "StrictHostKeyChecking=yes"],
      });
      assertEquals(result.code, 0, result.stderr);
    });
  } finally {
    await daemon.stop();
  }
});

Deno.test("daemon ignores KVP keys when KvpAuthEnabled=0", async () => {
  const daemon = await startDaemon({ serviceControl: "KvpAuthEnabled=0\n" });
  try {
    const pushed = await daemon.newKey("id_pushed");
    await daemon.externalPool.update({ [SLOT]: pushed.publicLine });
    const rejected = await daemon.ssh(["echo kvp"], { identity: pushed.path });
    assertEquals(rejected.code, 255);
    const fileKey = await daemon.ssh(["echo file"]);
    assertEquals(fileKey.code, 0, fileKey.stderr);
  } finally {
    await daemon.stop();
  }
});
