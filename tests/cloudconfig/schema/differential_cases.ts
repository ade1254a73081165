/**
 * Mutated cloud-configs for the differential test: small documents that put
 * a wrong type, an unknown sub-key, a bad enum value or a YAML 1.1 surprise
 * into each key EGS applies. Each id is the name the table in docs/schema.md
 * uses.
 */

/** One mutated document, identified by a stable id. */
export interface MutationCase {
  id: string;
  yaml: string;
}

const USER = "users:\n  - name: alice\n";

/** The mutations, grouped by key. */
export const MUTATIONS: readonly MutationCase[] = [
  { id: "hostname-yaml-bool", yaml: "hostname: NO\n" },
  { id: "hostname-int", yaml: "hostname: 1234\n" },
  { id: "hostname-list", yaml: "hostname: [a, b]\n" },
  { id: "hostname-null", yaml: "hostname:\n" },
  { id: "fqdn-float", yaml: "fqdn: 1.10\n" },
  { id: "preserve_hostname-quoted", yaml: "preserve_hostname: 'yes'\n" },
  { id: "manage_etc_hosts-template", yaml: "manage_etc_hosts: template\n" },
  { id: "manage_etc_hosts-bad-enum", yaml: "manage_etc_hosts: sometimes\n" },
  { id: "users-int", yaml: "users: 5\n" },
  { id: "users-entry-int", yaml: "users:\n  - 5\n" },
  { id: "users-comma-string", yaml: "users: default, alice\n" },
  { id: "users-unknown-subkey", yaml: `${USER}    password_hint: x\n` },
  { id: "users-name-yaml-bool", yaml: "users:\n  - name: yes\n" },
  { id: "users-no-name", yaml: "users:\n  - groups: adm\n" },
  { id: "users-duplicate", yaml: `${USER}  - name: alice\n` },
  { id: "users-groups-int", yaml: `${USER}    groups: 5\n` },
  { id: "users-groups-comma", yaml: `${USER}    groups: ops, dev\n` },
  { id: "users-sudo-int", yaml: `${USER}    sudo: 5\n` },
  { id: "users-sudo-false", yaml: `${USER}    sudo: false\n` },
  { id: "users-uid-string", yaml: `${USER}    uid: '1001'\n` },
  { id: "users-uid-float", yaml: `${USER}    uid: 1.5\n` },
  { id: "users-lock_passwd-quoted", yaml: `${USER}    lock_passwd: 'no'\n` },
  { id: "users-expiredate-unquoted", yaml: `${USER}    expiredate: 2032-01-01\n` },
  { id: "users-expiredate-bad", yaml: `${USER}    expiredate: 'tomorrow'\n` },
  { id: "users-shell-int", yaml: `${USER}    shell: 0\n` },
  {
    id: "users-ssh_authorized_keys-string",
    yaml: `${USER}    ssh_authorized_keys: ssh-ed25519 AAAA\n`,
  },
  { id: "users-hyphen-alias", yaml: `${USER}    lock-passwd: false\n` },
  { id: "groups-entry-int", yaml: "groups:\n  - 5\n" },
  { id: "groups-members-map", yaml: "groups:\n  - admins: [root, alice]\n" },
  { id: "chpasswd-unknown-subkey", yaml: "chpasswd:\n  expire: false\n  bogus: 1\n" },
  { id: "chpasswd-users-no-password", yaml: "chpasswd:\n  users:\n    - name: bob\n" },
  {
    id: "chpasswd-random-with-password",
    yaml: "chpasswd:\n  users:\n    - {name: bob, type: RANDOM, password: x}\n",
  },
  { id: "chpasswd-list-no-colon", yaml: "chpasswd:\n  list:\n    - bobsecret\n" },
  { id: "chpasswd-expire-quoted", yaml: "chpasswd:\n  expire: 'no'\n" },
  { id: "password-int", yaml: "password: 123456\n" },
  { id: "ssh_pwauth-int", yaml: "ssh_pwauth: 5\n" },
  { id: "ssh_pwauth-unchanged", yaml: "ssh_pwauth: unchanged\n" },
  { id: "ssh_authorized_keys-string", yaml: "ssh_authorized_keys: ssh-ed25519 AAAA\n" },
  { id: "ssh_authorized_keys-empty", yaml: "ssh_authorized_keys: []\n" },
  { id: "ssh_keys-unknown-type", yaml: "ssh_keys:\n  dsa_private: x\n" },
  { id: "ssh_genkeytypes-bad-enum", yaml: "ssh_genkeytypes: [dsa]\n" },
  { id: "disable_root-quoted", yaml: "disable_root: 'false'\n" },
  { id: "write_files-no-path", yaml: "write_files:\n  - content: x\n" },
  { id: "write_files-unknown-subkey", yaml: "write_files:\n  - path: /x\n    mode: '0644'\n" },
  { id: "write_files-bad-encoding", yaml: "write_files:\n  - path: /x\n    encoding: zip\n" },
  {
    id: "write_files-permissions-unquoted",
    yaml: "write_files:\n  - path: /x\n    permissions: 0644\n",
  },
  { id: "write_files-content-int", yaml: "write_files:\n  - path: /x\n    content: 42\n" },
  { id: "write_files-append-quoted", yaml: "write_files:\n  - path: /x\n    append: 'yes'\n" },
  {
    id: "write_files-source-no-uri",
    yaml: "write_files:\n  - path: /x\n    source: {headers: {}}\n",
  },
  { id: "write_files-empty", yaml: "write_files: []\n" },
  { id: "runcmd-entry-int", yaml: "runcmd:\n  - echo first\n  - 42\n" },
  { id: "runcmd-argv-octal", yaml: "runcmd:\n  - [install, -m, 0700, -d, /x]\n" },
  { id: "runcmd-argv-yaml-bool", yaml: "runcmd:\n  - [sh, -c, echo, yes]\n" },
  { id: "runcmd-null-entry", yaml: "runcmd:\n  - echo a\n  -\n" },
  { id: "runcmd-string", yaml: "runcmd: echo a\n" },
  { id: "runcmd-empty", yaml: "runcmd: []\n" },
  { id: "bootcmd-null-entry", yaml: "bootcmd:\n  - echo a\n  -\n" },
  { id: "power_state-bad-mode", yaml: "power_state:\n  mode: sleep\n" },
  { id: "power_state-no-mode", yaml: "power_state:\n  delay: now\n" },
  { id: "power_state-delay-plus", yaml: "power_state:\n  mode: reboot\n  delay: '+5'\n" },
  { id: "power_state-delay-bad", yaml: "power_state:\n  mode: reboot\n  delay: soon\n" },
  { id: "power_state-unknown-subkey", yaml: "power_state:\n  mode: reboot\n  when: now\n" },
  { id: "timezone-int", yaml: "timezone: 0\n" },
  { id: "locale-false", yaml: "locale: false\n" },
  { id: "locale-float", yaml: "locale: 1.5\n" },
  { id: "keyboard-no-layout", yaml: "keyboard:\n  model: pc105\n" },
  { id: "keyboard-unknown-subkey", yaml: "keyboard:\n  layout: de\n  lang: de\n" },
  { id: "ntp-null", yaml: "ntp:\n" },
  { id: "ntp-duplicate-servers", yaml: "ntp:\n  servers: [a.example, a.example]\n" },
  { id: "ntp-unknown-subkey", yaml: "ntp:\n  server: a.example\n" },
  { id: "ntp-enabled-quoted", yaml: "ntp:\n  enabled: 'yes'\n" },
  { id: "growpart-mode-false", yaml: "growpart:\n  mode: false\n" },
  { id: "growpart-mode-yaml-bool", yaml: "growpart:\n  mode: on\n" },
  { id: "growpart-mode-bad", yaml: "growpart:\n  mode: sometimes\n" },
  { id: "merge_how-bad-name", yaml: "merge_how:\n  - name: set\n    settings: [append]\n" },
  { id: "merge_how-string", yaml: "merge_how: 'list(append)+dict(recurse_array)'\n" },
  { id: "egs-settings", yaml: "egs:\n  settings:\n    remote_access: true\n" },
  { id: "egs-settings-int", yaml: "egs:\n  settings:\n    remote_access: 1\n" },
  { id: "top-level-typo", yaml: "hostnme: web01\n" },
  { id: "not-applied-wrong-type", yaml: "packages: vim\n" },
  { id: "not-applied-deep-error", yaml: "apt:\n  bogus: 1\n" },
  { id: "final_message-int", yaml: "final_message: 42\n" },
];
