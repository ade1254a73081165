/**
 * Schema of the localization keys: `timezone`, `locale`, `locale_configfile`
 * and `keyboard`.
 */

import { z } from "../../zod.ts";

/** `keyboard`: the layout is required; model, variant and options are optional. */
export const keyboardSchema = z.looseObject({
  layout: z.string(),
  model: z.string().optional(),
  variant: z.string().optional(),
  options: z.string().optional(),
});

/**
 * Top-level localization keys and their schemas. `locale` is typed as a string
 * (cloud-init's schema also takes a boolean): with the source-text rule
 * `locale: false` arrives as the text `false`, which normalisation reads as
 * "leave the locale alone", as cloud-init does.
 */
export const localizationKeys = {
  timezone: z.string(),
  locale: z.string(),
  locale_configfile: z.string(),
  keyboard: keyboardSchema,
};
