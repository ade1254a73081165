import { assert, assertEquals, assertRejects } from "../../_support/assert.ts";
import { makeIso, writeTree } from "../_support/images.ts";
import {
  memoryBlockSource,
  openBlockSource,
} from "../../../src/datasources/iso9660/block_source.ts";
import {
  IsoFormatError,
  IsoImage,
  toLevel1Name,
} from "../../../src/datasources/iso9660/iso_image.ts";

const LONG_NAME = "a-file-name-well-beyond-the-eight-dot-three-limit-of-iso-level-one.yaml";
const SEED = {
  "meta-data": "instance-id: iid-iso\n",
  "user-data": "#cloud-config\nhostname: from-iso\n",
  "network-config": "version: 2\n",
  [LONG_NAME]: "long\n",
  "openstack/2018-08-27/meta_data.json": '{"uuid": "u-1"}',
};

async function openIso(options: string[]): Promise<IsoImage> {
  const image = await makeIso(await writeTree(SEED), "cidata", options);
  return await IsoImage.open(await openBlockSource(image));
}

const decode = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);

for (
  const [variant, options, firstTree] of [
    ["Joliet", ["-J", "-joliet-long"], "joliet"],
    ["Rock Ridge", ["-r"], "rock-ridge"],
    ["Joliet and Rock Ridge", ["-J", "-r", "-joliet-long"], "rock-ridge"],
  ] as const
) {
  Deno.test(`IsoImage reads long names from a ${variant} image`, async () => {
    const iso = await openIso([...options]);

    assertEquals(iso.volumeId, "cidata");
    assertEquals(iso.treeKinds[0], firstTree);
    assertEquals(decode(await iso.readFile("user-data")), SEED["user-data"]);
    assertEquals(decode(await iso.readFile("META-DATA")), SEED["meta-data"]);
    assertEquals(decode(await iso.readFile(LONG_NAME)), "long\n");
    assertEquals(
      decode(await iso.readFile("openstack/2018-08-27/meta_data.json")),
      SEED["openstack/2018-08-27/meta_data.json"],
    );
    assertEquals(await iso.readFile("missing"), undefined);
    const names = (await iso.list(""))!.map((entry) => entry.name).sort();
    assert(names.includes("network-config"), names.join(","));
  });
}

Deno.test("IsoImage finds level-1 names without extensions", async () => {
  const iso = await openIso([]);

  assertEquals(iso.treeKinds, ["primary"]);
  assertEquals(decode(await iso.readFile("user-data")), SEED["user-data"]);
  assertEquals(decode(await iso.readFile("meta-data")), SEED["meta-data"]);
});

Deno.test("IsoImage reads a file larger than one sector", async () => {
  const big = "x".repeat(70_000);
  const image = await makeIso(await writeTree({ "user-data": big }), "cidata", ["-J", "-r"]);
  const iso = await IsoImage.open(await openBlockSource(image));

  assertEquals(decode(await iso.readFile("user-data")), big);
});

Deno.test("IsoImage.open() rejects bytes without CD001", async () => {
  await assertRejects(
    () => IsoImage.open(memoryBlockSource(new Uint8Array(40_000))),
    IsoFormatError,
    "CD001",
  );
});

Deno.test("toLevel1Name() truncates to 8.3 d-characters", () => {
  assertEquals(toLevel1Name("user-data"), "USER_DAT");
  assertEquals(toLevel1Name("meta_data.json"), "META_DAT.JSO");
  assertEquals(toLevel1Name("network-config"), "NETWORK_");
});

Deno.test("IsoImage follows Rock Ridge continuation areas", async () => {
  // A 230-byte name does not fit in one 255-byte directory record, so
  // genisoimage moves part of the NM entry into a CE continuation area.
  const name = "n".repeat(230);
  const image = await makeIso(await writeTree({ [name]: "continued\n" }), "cidata", ["-r"]);
  const iso = await IsoImage.open(await openBlockSource(image));

  assertEquals(iso.treeKinds[0], "rock-ridge");
  assertEquals((await iso.list(""))!.map((entry) => entry.name), [name]);
  assertEquals(decode(await iso.readFile(name)), "continued\n");
});

Deno.test("IsoImage decodes non-ASCII Joliet names", async () => {
  const name = "größe-€.txt";
  const image = await makeIso(await writeTree({ [name]: "utf\n" }), "cidata", [
    "-J",
    "-input-charset",
    "utf-8",
  ]);
  const iso = await IsoImage.open(await openBlockSource(image));

  assertEquals(iso.treeKinds, ["joliet", "primary"]);
  assertEquals((await iso.list(""))!.map((entry) => entry.name), [name]);
  assertEquals(await iso.readFile("GRÖSSE-€.TXT"), undefined);
  assertEquals(decode(await iso.readFile("GRÖßE-€.txt")), "utf\n");
});
