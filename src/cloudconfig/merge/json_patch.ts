/**
 * JSON Patch (RFC 6902) as cloud-init applies `#cloud-config-jsonp` parts
 * with the Python `jsonpatch` package: the operations `add`, `remove`,
 * `replace`, `move`, `copy` and `test`, applied in order to a copy of the
 * merged config.
 */

import { deepCopyWithOrigins, setEntry } from "./_containers.ts";
import { describeType, isMapping } from "./_python_values.ts";
import { JsonPointer, patchError, type PointerPart, walk } from "./json_pointer.ts";

type Operation = Record<string, unknown>;

const OPERATIONS = ["add", "remove", "replace", "move", "copy", "test"];

/**
 * Returns `document` with `patch` applied; the input is not changed. The
 * patch is the parsed JSON of the part: a list of operations (an empty
 * mapping or an empty string also count as no operations, as in jsonpatch).
 * Every operation is checked before any is applied. Throws a MergeError for
 * an invalid operation, a path that does not exist, or a failed `test`.
 */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  const operations = operationsOf(patch);
  operations.forEach(checkOperation);

  let result = deepCopyWithOrigins(document);
  for (const operation of operations) result = applyOperation(result, operation);
  return result;
}

function operationsOf(patch: unknown): Operation[] {
  if (patch === "" || (isMapping(patch) && Object.keys(patch).length === 0)) return [];
  if (!Array.isArray(patch)) {
    throw patchError(`expected a list of operations, got ${describeType(patch)}`);
  }
  return patch.map((operation, index) => {
    if (isMapping(operation)) return operation;
    throw patchError(`operation ${index} is ${describeType(operation)}, expected a mapping`);
  });
}

function checkOperation(operation: Operation): void {
  if (!Object.hasOwn(operation, "op")) throw patchError('an operation has no "op" member');
  const op = operation.op;
  if (typeof op !== "string" || !OPERATIONS.includes(op)) {
    throw patchError(`unknown operation ${JSON.stringify(op)}; use ${OPERATIONS.join(", ")}`);
  }
  if (!Object.hasOwn(operation, "path")) throw patchError(`the ${op} operation has no "path"`);
  JsonPointer.parse(operation.path, "path");
}

function member(operation: Operation, name: "value" | "from"): unknown {
  if (!Object.hasOwn(operation, name)) {
    throw patchError(`the ${operation.op} operation has no "${name}" member`);
  }
  return operation[name];
}

function applyOperation(document: unknown, operation: Operation): unknown {
  const path = JsonPointer.parse(operation.path, "path");
  switch (operation.op) {
    case "add":
      return add(document, path, member(operation, "value"));
    case "remove":
      return remove(document, path);
    case "replace":
      return replace(document, path, member(operation, "value"));
    case "move":
      return move(document, path, JsonPointer.parse(member(operation, "from"), "from"));
    case "copy": {
      const from = JsonPointer.parse(member(operation, "from"), "from");
      return add(document, path, deepCopyWithOrigins(valueAt(document, from)));
    }
    default:
      return test(document, path, member(operation, "value"));
  }
}

function add(document: unknown, path: JsonPointer, value: unknown): unknown {
  const { parent, part } = path.toLast(document);
  if (Array.isArray(parent)) {
    if (part === "-") parent.push(value);
    else if (typeof part !== "number" || part > parent.length) {
      throw patchError(`cannot insert outside of the list at "${String(operationPath(path))}"`);
    } else parent.splice(part, 0, value);
    return document;
  }
  if (isMapping(parent)) {
    if (part === undefined) return value;
    setEntry(parent, String(part), value);
    return document;
  }
  throw patchError(`cannot add to ${describeType(parent)} at "${operationPath(path)}"`);
}

function remove(document: unknown, path: JsonPointer): unknown {
  const { parent, part } = path.toLast(document);
  if (Array.isArray(parent) && typeof part === "number" && part < parent.length) {
    parent.splice(part, 1);
    return document;
  }
  if (isMapping(parent) && typeof part === "string" && Object.hasOwn(parent, part)) {
    delete parent[part];
    return document;
  }
  throw patchError(`cannot remove "${operationPath(path)}": there is no such value`);
}

function replace(document: unknown, path: JsonPointer, value: unknown): unknown {
  const { parent, part } = path.toLast(document);
  if (part === undefined) return value;
  if (part === "-") throw patchError('"replace" cannot use the path "-"');
  const exists = Array.isArray(parent)
    ? typeof part === "number" && part < parent.length
    : isMapping(parent) && Object.hasOwn(parent, part);
  if (!exists) throw patchError(`cannot replace "${operationPath(path)}": there is no such value`);
  if (Array.isArray(parent)) parent[part as number] = value;
  else setEntry(parent as Record<string, unknown>, String(part), value);
  return document;
}

function move(document: unknown, path: JsonPointer, from: JsonPointer): unknown {
  const value = valueAt(document, from);
  if (path.equals(from)) return document;
  if (isMapping(from.toLast(document).parent) && path.startsWith(from)) {
    throw patchError(`cannot move "${operationPath(from)}" into its own child`);
  }
  return add(remove(document, from), path, value);
}

function test(document: unknown, path: JsonPointer, expected: unknown): unknown {
  const { parent, part } = path.toLast(document);
  const actual = part === undefined ? parent : walk(parent, String(part));
  if (!pythonEquals(actual, expected)) {
    throw patchError(`the test of "${operationPath(path)}" failed: the value differs`);
  }
  return document;
}

/** Returns the value a `from` pointer names, as `move` and `copy` read it. */
function valueAt(document: unknown, from: JsonPointer): unknown {
  const { parent, part } = from.toLast(document);
  if (part === undefined || part === "-") {
    throw patchError(`"${operationPath(from)}" does not name a movable value`);
  }
  return walk(parent, String(part));
}

function operationPath(pointer: JsonPointer): string {
  return pointer.parts.map((part: PointerPart) => `/${part}`).join("");
}

/** Compares like Python's `==` on JSON values: `1 == 1.0 == true`, mappings by content. */
function pythonEquals(a: unknown, b: unknown): boolean {
  const numeric = (value: unknown) =>
    typeof value === "number" || typeof value === "boolean" || typeof value === "bigint";
  if (numeric(a) && numeric(b)) {
    const left = typeof a === "boolean" ? Number(a) : a;
    const right = typeof b === "boolean" ? Number(b) : b;
    // Loose equality compares a bigint with a number by value.
    return left == right;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => pythonEquals(item, b[index]));
  }
  if (isMapping(a) && isMapping(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && pythonEquals(a[key], b[key]));
  }
  return a === b;
}
