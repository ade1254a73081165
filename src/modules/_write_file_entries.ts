/**
 * Writes `write_files` entries through the platform. Shared by `write_files`
 * and `write_files_deferred`, which differ only in the entries they take.
 */

import type { TypedWriteFile } from "../cloudconfig/schema/typed_cloud_config.ts";
import { formatFileMode, parseFileMode } from "../cloudconfig/file_mode.ts";
import { OperationError } from "../errors.ts";
import type { ModuleContext, ModuleOutcome } from "../provisioning/module.ts";
import { decodeContent } from "./_decode_content.ts";
import type { SourceFetcher } from "./_options.ts";
import { count } from "./_count.ts";

/**
 * Writes each entry in order. An entry that fails (bad encoding, unreachable
 * source without content, write error) is logged, and the next one is still
 * written. The module then fails with one message naming every failed entry.
 */
export async function writeFileEntries(
  context: ModuleContext,
  entries: readonly TypedWriteFile[],
  fetchSource: SourceFetcher,
): Promise<ModuleOutcome> {
  if (entries.length === 0) return { status: "unchanged", message: "no entries" };

  const failures: string[] = [];
  let written = 0;
  for (const entry of entries) {
    try {
      if (await writeEntry(context, entry, fetchSource)) written++;
    } catch (error) {
      const message = `Cannot write ${entry.keyPath} to "${entry.path}": ${
        (error as Error).message
      }`;
      context.log.error(message, { path: entry.path, keyPath: entry.keyPath });
      failures.push(message);
    }
  }

  if (failures.length > 0) throw new OperationError(failures.join(" "));
  return { status: "applied", message: `${written} of ${count(entries.length, "file")} written` };
}

async function writeEntry(
  context: ModuleContext,
  entry: TypedWriteFile,
  fetchSource: SourceFetcher,
): Promise<boolean> {
  const data = await resolveContent(context, entry, fetchSource);
  if (data === undefined) return false;

  warnOnUndecodablePermissions(context, entry);
  await context.platform.files.write(entry.path, data, {
    mode: entry.mode,
    owner: entry.owner,
    append: entry.append,
  });
  context.log.info("Wrote {path}: {bytes} bytes, mode {mode}, owner {owner}, append {append}.", {
    path: entry.path,
    bytes: data.length,
    mode: formatFileMode(entry.mode),
    owner: entry.owner,
    append: entry.append,
  });
  return true;
}

/**
 * Fetches `source.uri` when set and falls back to `content` when the fetch
 * fails, as cloud-init does. Returns undefined, after a warning, when the
 * fetch fails and there is no content to fall back to.
 */
async function resolveContent(
  context: ModuleContext,
  entry: TypedWriteFile,
  fetchSource: SourceFetcher,
): Promise<Uint8Array | undefined> {
  if (entry.source !== undefined) {
    try {
      return await fetchSource(entry.source.uri, entry.source.headers, context.settings);
    } catch (error) {
      const hasContent = entry.content.length > 0;
      context.log.warning(
        "Cannot fetch {key} {uri}: {reason}; {fallback}.",
        {
          key: `${entry.keyPath}.source.uri`,
          uri: entry.source.uri,
          reason: (error as Error).message,
          fallback: hasContent ? "writing content instead" : "the entry is skipped",
        },
      );
      if (!hasContent) return undefined;
    }
  }
  return decodeContent(entry.content, entry.encoding);
}

function warnOnUndecodablePermissions(context: ModuleContext, entry: TypedWriteFile): void {
  const index = Number(entry.keyPath.match(/\[(\d+)\]$/)?.[1]);
  const rawEntries = context.rawConfig.write_files;
  const raw = Array.isArray(rawEntries) ? rawEntries[index]?.permissions : undefined;
  if (raw === undefined || raw === null) return;
  if (typeof raw === "string" && parseFileMode(raw) !== undefined) return;

  context.log.warning(
    "{key} {value} is not an octal file mode; {path} is written with mode {mode}.",
    {
      key: `${entry.keyPath}.permissions`,
      value: String(raw),
      path: entry.path,
      mode: formatFileMode(entry.mode),
    },
  );
}
