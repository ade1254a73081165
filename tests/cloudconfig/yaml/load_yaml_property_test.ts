import fc from "fast-check";
import { loadYaml } from "../../../src/cloudconfig/yaml/load_yaml.ts";
import { YamlSyntaxError } from "../../../src/cloudconfig/yaml/yaml_error.ts";

/** Loads `text` and fails the property unless it returns or throws YamlSyntaxError. */
function loadsOrRejects(text: string): boolean {
  try {
    loadYaml(text);
    return true;
  } catch (error) {
    if (error instanceof YamlSyntaxError) return true;
    throw error;
  }
}

// Characters that carry meaning in YAML, so random strings reach the parser's
// interesting paths instead of being one long plain scalar.
const YAML_CHARACTERS = [..."abyn01:-?[]{},#&*!|>'\"%@`\\ \t\n\r<=~.+_xe"];

Deno.test("loadYaml() returns a value or YamlSyntaxError for arbitrary strings", () => {
  fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 200 }), loadsOrRejects), {
    numRuns: 300,
  });
});

Deno.test("loadYaml() returns a value or YamlSyntaxError for YAML-like strings", () => {
  const yamlLike = fc.array(fc.constantFrom(...YAML_CHARACTERS), { maxLength: 120 })
    .map((characters) => characters.join(""));
  fc.assert(fc.property(yamlLike, loadsOrRejects), { numRuns: 300 });
});

Deno.test("loadYaml() returns a value or YamlSyntaxError for bytes decoded as UTF-8", () => {
  const decoder = new TextDecoder();
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }),
      (bytes) => loadsOrRejects(decoder.decode(bytes)),
    ),
    { numRuns: 300 },
  );
});
