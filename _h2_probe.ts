import { loadYaml } from "./src/cloudconfig/yaml/load_yaml.ts";
import { validateNetworkConfig } from "./src/cloudconfig/schema/validate_network.ts";
import { formatProblem } from "./src/cloudconfig/problem.ts";
for (const f of Deno.args) {
  const ps = validateNetworkConfig(loadYaml(Deno.readTextFileSync(f), { file: f }), { file: f });
  console.log(f.split("/").pop(), ps.length === 0 ? "ok" : ps.map(formatProblem).join("\n   "));
}
