/**
 * Timing of loadYaml on a small cloud-config and on a 940 KB one with 5,000
 * users. Run with: deno bench --allow-env tests/cloudconfig/yaml/load_yaml_bench.ts
 */

import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";

const SMALL = [
  "#cloud-config",
  "hostname: web-1",
  "users:",
  "  - name: admin",
  "    groups: [sudo, adm]",
  "    shell: /bin/bash",
  "    lock_passwd: no",
  "    ssh_authorized_keys:",
  "      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB admin@host",
  "write_files:",
  "  - path: /etc/motd",
  "    permissions: '0644'",
  "    content: |",
  "      Welcome.",
  "runcmd:",
  "  - [systemctl, restart, nginx]",
  "",
].join("\n");

function userEntry(index: number): string {
  return [
    `  - name: user${index}`,
    "    groups: [sudo, adm]",
    "    shell: /bin/bash",
    "    lock_passwd: no",
    `    uid: 0${1000 + index}`,
    "    ssh_authorized_keys:",
    `      - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB${index} user${index}@host`,
    "",
  ].join("\n");
}

const LARGE = "#cloud-config\nusers:\n" +
  Array.from({ length: 5000 }, (_, index) => userEntry(index)).join("");

Deno.bench("loadYaml() small cloud-config", () => {
  loadYaml(SMALL);
});

Deno.bench("loadYaml() 5,000 users", { n: 5 }, () => {
  loadYaml(LARGE);
});
