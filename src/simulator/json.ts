/**
 * Answer bodies encoded ahead of time. Records never change once
 * generated, so each is encoded as JSON bytes once and pages are stitched
 * from those bytes: a page of contacts then costs a copy, not a
 * `JSON.stringify` and UTF-8 encoding of a hundred kilobytes, which keeps
 * the simulator's share of benchmark timings small.
 */

/** A body that is already JSON, as UTF-8 bytes. */
export class JsonBytes {
  constructor(readonly bytes: Buffer) {}
}

const encoded = new WeakMap<object, Buffer>();

function recordBytes(record: object): Buffer {
  let bytes = encoded.get(record);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(record));
    encoded.set(record, bytes);
  }
  return bytes;
}

export function jsonRecord(record: object): JsonBytes {
  return new JsonBytes(recordBytes(record));
}

// A string no record can hold unescaped; it marks where the records go.
const SLOT = '\u0000records\u0000';
const SLOT_JSON = JSON.stringify(SLOT);
const COMMA = Buffer.from(',');

/**
 * `envelope` with `records` under `key`. A key already in the envelope
 * keeps its place, so the envelope also fixes where the list goes.
 */
export function jsonList(
  envelope: Record<string, unknown>,
  key: string,
  records: readonly object[],
): JsonBytes {
  const shell = JSON.stringify({ ...envelope, [key]: SLOT });
  const at = shell.indexOf(SLOT_JSON);
  const chunks: Buffer[] = [Buffer.from(`${shell.slice(0, at)}[`)];
  records.forEach((record, i) => {
    if (i > 0) chunks.push(COMMA);
    chunks.push(recordBytes(record));
  });
  chunks.push(Buffer.from(`]${shell.slice(at + SLOT_JSON.length)}`));
  return new JsonBytes(Buffer.concat(chunks));
}
