/**
 * The warning for a part no handler takes: unknown content, part handlers
 * (never run), and types EGS does not support.
 */

import type { Problem } from "../cloudconfig/problem.ts";
import type { CollectedPart } from "./_context.ts";
import { ContentType } from "./content_types.ts";

const BASE64_LIKE = /^[A-Za-z0-9+/=\s]+$/;

/** Returns the warning for a part that is not applied. The part's content is never quoted. */
export function unhandledPartWarning(part: CollectedPart): Problem {
  const base = { severity: "warning" as const, file: part.label };

  if (part.contentType === ContentType.partHandler) {
    return {
      ...base,
      code: "part-handler-ignored",
      message: "The part handler is not run: EGS does not execute custom part handlers.",
      hint: "Turn the handler's work into a script or cloud-config.",
    };
  }

  if (part.contentType === ContentType.notMultipart || part.contentType === ContentType.plain) {
    const text = part.text?.trim() ?? "";
    const looksEncoded = text.length >= 16 && BASE64_LIKE.test(text);
    return {
      ...base,
      code: "unrecognised-user-data",
      message:
        "Unrecognised user-data: it starts with none of the known markers (#cloud-config, #!, #ps1, #cloud-boothook, #include, #cloud-config-archive, ## template: jinja) and is not MIME, so nothing from it is applied.",
      hint: looksEncoded
        ? "It looks like base64: decode it before passing it, because base64 is only decoded where the datasource defines the payload as base64 (Azure CustomData)."
        : "Start the document with #cloud-config or #!.",
    };
  }

  return {
    ...base,
    code: "unsupported-content-type",
    message:
      `The part has content type ${part.contentType}, which EGS does not handle, so it is skipped.`,
    hint: "Use text/cloud-config, text/x-shellscript or text/cloud-boothook.",
  };
}
