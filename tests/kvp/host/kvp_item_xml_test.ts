import { assertEquals } from "../../_support/assert.ts";
import {
  buildKvpItemXml,
  KvpItemSource,
  parseKvpItemsXml,
} from "../../../src/kvp/host/kvp_item_xml.ts";

// Shape of an item as Hyper-V's WMI provider returns it, with empty
// inherited properties before the ones that matter.
const WMI_ITEM = `<INSTANCE CLASSNAME="Msvm_KvpExchangeDataItem">` +
  `<PROPERTY NAME="Caption" PROPAGATED="true" TYPE="string"></PROPERTY>` +
  `<PROPERTY NAME="Data" TYPE="string"><VALUE>available</VALUE></PROPERTY>` +
  `<PROPERTY NAME="Description" PROPAGATED="true" TYPE="string"/>` +
  `<PROPERTY NAME="Name" TYPE="string"><VALUE>eryph:guest-services:status</VALUE></PROPERTY>` +
  `<PROPERTY NAME="Source" TYPE="uint16"><VALUE>1</VALUE></PROPERTY>` +
  `</INSTANCE>`;

Deno.test("parseKvpItemsXml() reads Name and Data of WMI items", () => {
  assertEquals(
    parseKvpItemsXml([WMI_ITEM]),
    new Map([["eryph:guest-services:status", "available"]]),
  );
});

Deno.test("parseKvpItemsXml() decodes entities and skips items without a name", () => {
  const item = `<INSTANCE CLASSNAME="Msvm_KvpExchangeDataItem">` +
    `<PROPERTY NAME="Name" TYPE="string"><VALUE>a&amp;b</VALUE></PROPERTY>` +
    `<PROPERTY NAME="Data" TYPE="string"><VALUE>&lt;x&gt; &#233; &#x263A; &quot;</VALUE></PROPERTY>` +
    `</INSTANCE>`;
  const nameless =
    `<INSTANCE><PROPERTY NAME="Data" TYPE="string"><VALUE>x</VALUE></PROPERTY></INSTANCE>`;
  assertEquals(parseKvpItemsXml([item, nameless]), new Map([["a&b", '<x> é ☺ "']]));
});

Deno.test("parseKvpItemsXml() reads an item without data as empty", () => {
  const item = `<INSTANCE><PROPERTY NAME="Name" TYPE="string"><VALUE>k</VALUE></PROPERTY>` +
    `<PROPERTY NAME="Data" TYPE="string"></PROPERTY></INSTANCE>`;
  assertEquals(parseKvpItemsXml([item]), new Map([["k", ""]]));
});

Deno.test("buildKvpItemXml() escapes values and round-trips through the parser", () => {
  const xml = buildKvpItemXml("key<1>", `a & "b" 'c'\nline`, KvpItemSource.HostExternal);
  assertEquals(xml.includes("<VALUE>key&lt;1&gt;</VALUE>"), true);
  assertEquals(
    xml.includes(`<PROPERTY NAME="Source" TYPE="uint16"><VALUE>0</VALUE></PROPERTY>`),
    true,
  );
  assertEquals(parseKvpItemsXml([xml]), new Map([["key<1>", `a & "b" 'c'\nline`]]));
});
