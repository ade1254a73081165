import fc from "fast-check";
import { normalizeCloudConfig, validateCloudConfig } from "../../src/cloudconfig/validate.ts";
import { OperationError } from "../../src/errors.ts";
import { assert } from "../_support/assert.ts";

const KEYS = ["users", "groups", "write_files", "runcmd", "chpasswd", "power_state", "hostname"];

/** Configs built from the applied keys with arbitrary JSON-like values, nested a few levels. */
const configs = fc.dictionary(
  fc.oneof(fc.constantFrom(...KEYS), fc.string()),
  fc.jsonValue({ maxDepth: 4 }),
  { maxKeys: 5 },
);

Deno.test("validateCloudConfig() returns problems for arbitrary values", () => {
  fc.assert(
    fc.property(configs, (config) => {
      const problems = validateCloudConfig(config as Record<string, unknown>);
      assert(Array.isArray(problems));
    }),
    { numRuns: 300 },
  );
});

Deno.test("normalizeCloudConfig() returns or raises OperationError", () => {
  fc.assert(
    fc.property(configs, (config) => {
      try {
        normalizeCloudConfig(config as Record<string, unknown>);
      } catch (error) {
        assert(error instanceof OperationError, String(error));
      }
    }),
    { numRuns: 300 },
  );
});
