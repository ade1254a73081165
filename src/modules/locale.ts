/** The `locale` module: the system locale in `/etc/default/locale`, as cloud-init writes it on Debian. */

import type { ProvisioningModule } from "../provisioning/module.ts";

const LOCALE_FILE = "/etc/default/locale";
const encoder = new TextEncoder();

/**
 * Writes `LANG=<locale>` to `/etc/default/locale`, the file `update-locale`
 * writes. `locale: false` turns the module off.
 */
export const localeModule: ProvisioningModule = {
  name: "locale",
  stage: "config",
  frequency: "per-instance",
  activatedBy: ["locale"],
  async handle(context) {
    const locale = context.config.locale;
    if (locale === false) return { status: "unchanged", message: "locale is turned off" };
    if (locale === undefined || locale.trim() === "") {
      return { status: "unchanged", message: "no locale" };
    }
    if (!/^[A-Za-z0-9_.@-]+$/.test(locale)) {
      throw new Error(
        `Cannot set locale "${locale}": a locale name has no spaces or quotes; use a name ` +
          `such as "en_US.UTF-8".`,
      );
    }

    // NOTE: the locale is not generated; an image without it compiled falls
    // back to C at login until `locale-gen` runs.
    await context.platform.files.write(LOCALE_FILE, encoder.encode(`LANG=${locale}\n`), {
      mode: 0o644,
      owner: "root:root",
    });
    context.log.info("Set the locale to {locale} in {path}.", { locale, path: LOCALE_FILE });
    return { status: "applied", message: locale };
  },
};
