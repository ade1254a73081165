import { Duplex, PassThrough } from "node:stream";
import { assertEquals } from "../_support/assert.ts";
import { pipeStdio } from "../../src/tool/pipe_stdio.ts";

/** Creates a duplex that collects written bytes and emits what the test writes to `incoming`. */
function fakeConnection() {
  const incoming = new PassThrough();
  const written: Uint8Array[] = [];
  let ended = false;
  const connection = new Duplex({
    read() {},
    write(chunk, _encoding, callback) {
      written.push(new Uint8Array(chunk));
      callback();
    },
    final(callback) {
      ended = true;
      callback();
    },
  });
  incoming.on("data", (chunk) => connection.push(chunk));
  incoming.on("end", () => connection.push(null));
  return { connection, incoming, written, ended: () => ended };
}

function collect() {
  const chunks: Uint8Array[] = [];
  const stream = new WritableStream<Uint8Array>({ write: (chunk) => void chunks.push(chunk) });
  return { stream, text: () => new TextDecoder().decode(concat(chunks)) };
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const result = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    result.set(chunk, offset);
    offset += chunk.length;
  }
  return result;
}

Deno.test("pipeStdio() relays until the guest closes", async () => {
  const fake = fakeConnection();
  const output = collect();
  const input = new TransformStream<Uint8Array, Uint8Array>();
  const done = pipeStdio(fake.connection, input.readable, output.stream);
  const writer = input.writable.getWriter();
  await writer.write(new TextEncoder().encode("SSH-2.0-client\r\n"));
  fake.incoming.write("SSH-2.0-server\r\n");
  fake.incoming.end();
  await done;
  assertEquals(output.text(), "SSH-2.0-server\r\n");
  assertEquals(new TextDecoder().decode(concat(fake.written)), "SSH-2.0-client\r\n");
});

Deno.test("pipeStdio() half-closes the guest and ends after stdin ends", async () => {
  const fake = fakeConnection();
  const output = collect();
  const input = ReadableStream.from([new TextEncoder().encode("bye")]);
  await pipeStdio(fake.connection, input, output.stream, 10);
  assertEquals(fake.ended(), true);
  assertEquals(new TextDecoder().decode(concat(fake.written)), "bye");
});
