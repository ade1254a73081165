import { assertEquals } from "../_support/assert.ts";
import { createBoothooksModule } from "../../src/modules/boothooks.ts";
import { scriptCommand } from "../../src/modules/_script_command.ts";
import { createScriptsPerBootModule } from "../../src/modules/scripts_per_boot.ts";
import { createScriptsPerInstanceModule } from "../../src/modules/scripts_per_instance.ts";
import { createScriptsPerOnceModule } from "../../src/modules/scripts_per_once.ts";
import { createScriptsUserModule } from "../../src/modules/scripts_user.ts";
import { createScriptsVendorModule } from "../../src/modules/scripts_vendor.ts";
import { createTestContext, script } from "./_fakes.ts";

const STATE = "/var/lib/eryph/provisioning";
const USER_DIR = `${STATE}/instances/iid-test/scripts`;

Deno.test("scripts_user stages unnamed parts under distinct names", async () => {
  await using test = await createTestContext({}, {
    scripts: [
      script("part-001", "#!/bin/sh\necho a > /var/tmp/bug02-a\n"),
      script("part-002", "#!/bin/sh\necho b > /var/tmp/bug02-b\n"),
    ],
  });
  const outcome = await test.run(createScriptsUserModule());
  assertEquals(outcome.status, "applied");
  assertEquals(test.platform.processes.commands(), [
    `${USER_DIR}/part-001`,
    `${USER_DIR}/part-002`,
  ]);
  assertEquals(
    test.platform.files.text(`${USER_DIR}/part-002`),
    "#!/bin/sh\necho b > /var/tmp/bug02-b\n",
  );
  assertEquals(test.platform.files.files.get(`${USER_DIR}/part-001`)?.mode, 0o700);
});

Deno.test("scripts_user renames repeated and unsafe names", async () => {
  await using test = await createTestContext({}, {
    scripts: [
      script("setup.sh", "#!/bin/sh\n"),
      script("setup.sh", "#!/bin/sh\necho 2\n"),
      script("../../etc/cron.d/evil", "#!/bin/sh\n"),
    ],
  });
  await test.run(createScriptsUserModule());
  assertEquals(test.platform.processes.commands(), [
    `${USER_DIR}/setup.sh`,
    `${USER_DIR}/setup-2.sh`,
    `${USER_DIR}/evil`,
  ]);
});

Deno.test("scripts modules pick their scripts by source and frequency", async () => {
  const scripts = [
    script("user", "u", {}),
    script("vendor", "v", { source: "vendor" }),
    script("boot", "b", { frequency: "always", contentType: "text/x-shellscript-per-boot" }),
    script("instance", "i", { contentType: "text/x-shellscript-per-instance" }),
    script("once", "o", { frequency: "once", contentType: "text/x-shellscript-per-once" }),
  ];
  const cases = [
    [createScriptsUserModule(), [`${USER_DIR}/user`]],
    [createScriptsVendorModule(), [`${USER_DIR}/vendor/vendor`]],
    [createScriptsPerBootModule(), [`${STATE}/scripts/per-boot/boot`]],
    [createScriptsPerInstanceModule(), [`${STATE}/scripts/per-instance/instance`]],
    [createScriptsPerOnceModule(), [`${STATE}/scripts/per-once/once`]],
  ] as const;
  for (const [module, expected] of cases) {
    await using test = await createTestContext({}, { scripts });
    await test.run(module);
    assertEquals(test.platform.processes.commands(), [...expected], module.name);
  }
});

Deno.test("scripts modules declare cloud-init's frequencies", () => {
  const frequencies = [
    createScriptsUserModule(),
    createScriptsVendorModule(),
    createScriptsPerBootModule(),
    createScriptsPerInstanceModule(),
    createScriptsPerOnceModule(),
  ].map((module) => `${module.name}:${module.stage}:${module.frequency}`);
  assertEquals(frequencies, [
    "scripts_user:final:per-instance",
    "scripts_vendor:final:per-instance",
    "scripts_per_boot:final:always",
    "scripts_per_instance:final:per-instance",
    "scripts_per_once:final:per-once",
  ]);
});

Deno.test("scripts_user uses the stateDir option", async () => {
  await using test = await createTestContext({}, { scripts: [script("a", "#!/bin/sh\n")] });
  await test.run(createScriptsUserModule({ stateDir: "C:\\ProgramData\\eryph\\provisioning" }));
  assertEquals(test.platform.processes.commands(), [
    "C:\\ProgramData\\eryph\\provisioning\\instances\\iid-test\\scripts\\a",
  ]);
});

Deno.test("scripts_user is unchanged without scripts", async () => {
  await using test = await createTestContext({});
  assertEquals((await test.run(createScriptsUserModule())).status, "unchanged");
});

Deno.test("boothooks run with INSTANCE_ID before user scripts", async () => {
  const hook = {
    name: "early.sh",
    content: new TextEncoder().encode('#!/bin/sh\necho "boothook $INSTANCE_ID"\n'),
    interpreter: "direct" as const,
    source: "user" as const,
  };
  await using test = await createTestContext({}, { boothooks: [hook] });
  const module = createBoothooksModule();
  await test.run(module);
  const calls = test.platform.processes.calls;
  assertEquals(calls.map((call) => call.command), [
    `${STATE}/instances/iid-test/boothooks/early.sh`,
  ]);
  assertEquals(calls[0].env.INSTANCE_ID, "iid-test");
  assertEquals([module.stage, module.frequency], ["network", "per-instance"]);
});

const interpreterCases = [
  ["direct", "script /s"],
  ["sh", "argv /bin/sh /s"],
  ["python", "argv python3 /s"],
  ["cmd", "argv cmd.exe /c /s"],
  ["powershell", "argv powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File /s"],
] as const;

for (const [interpreter, expected] of interpreterCases) {
  Deno.test(`scriptCommand() starts ${interpreter} scripts`, () => {
    const command = scriptCommand(interpreter, "/s");
    const text = command.kind === "argv"
      ? `argv ${command.argv.join(" ")}`
      : command.kind === "script"
      ? `script ${command.path}`
      : command.command;
    assertEquals(text, expected);
  });
}

Deno.test("scripts_user stages PowerShell scripts with .ps1", async () => {
  await using test = await createTestContext({}, {
    scripts: [script("part-001", "#ps1\nSet-Content a.txt a\n", { interpreter: "powershell" })],
  });
  await test.run(createScriptsUserModule());
  assertEquals(test.platform.files.files.has(`${USER_DIR}/part-001.ps1`), true);
});

Deno.test("scripts_user lets #! win over .sh", async () => {
  await using test = await createTestContext({}, {
    scripts: [
      script("bash.sh", "#!/bin/bash\necho $BASH\n", { interpreter: "sh" }),
      script("plain.sh", "echo plain\n", { interpreter: "sh" }),
    ],
  });
  await test.run(createScriptsUserModule());
  assertEquals(test.platform.processes.commands(), [
    `${USER_DIR}/bash.sh`,
    `/bin/sh ${USER_DIR}/plain.sh`,
  ]);
});
