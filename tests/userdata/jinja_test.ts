import { jinjaSyntaxError, renderJinja } from "../../src/userdata/jinja.ts";
import { assertEquals } from "../_support/assert.ts";

Deno.test("renderJinja() offers the dict methods cloud-init's templates call", () => {
  const data = { ds: { meta_data: { "local-hostname": "meta-host", zone: "a" } } };
  const template = [
    "{{ ds.meta_data.get('local-hostname', 'none') }}",
    "{{ ds.meta_data.get('missing', 'none') }}",
    "{% for key, value in ds.meta_data.items() %}{{ key }}={{ value }},{% endfor %}",
    "{{ ds.meta_data.keys() | length }}",
  ].join("|");
  assertEquals(
    renderJinja(template, data, "part"),
    "meta-host|none|local-hostname=meta-host,local_hostname=meta-host,zone=a,|3",
  );
});

Deno.test("renderJinja() lets a data key named like a dict method win", () => {
  assertEquals(renderJinja("{{ ds.get }}", { ds: { get: "value" } }, "part"), "value");
});

Deno.test("jinjaSyntaxError() names the line of the part, header included", () => {
  assertEquals(jinjaSyntaxError("#cloud-config\nhostname: {{ v1.x }}\n"), undefined);
  assertEquals(
    jinjaSyntaxError("#cloud-config\nhostname: a\n{% if %}\n"),
    "at line 4, column 7: unexpected token: %}",
  );
});
