/**
 * A jsonb parameter given as UTF-8 JSON bytes, sent in jsonb's binary input format: a version byte
 * 1, then the JSON text (PostgreSQL's jsonb_recv). node-postgres sends a Buffer as a binary
 * parameter, so a batch's JSON goes to the server without being built, flattened and UTF-8 encoded
 * again as a JS string (sample-repository.ts).
 */
export class JsonbBytes {
  /** `binary` starts with the version byte 1 (jsonb's binary format). */
  constructor(readonly binary: Buffer) {
    if (binary[0] !== 1) throw new Error('jsonb binary input starts with version byte 1');
  }

  /** node-postgres calls this for an object parameter: the Buffer goes out in binary format. */
  toPostgres(): Buffer {
    return this.binary;
  }

  /** The JSON text, for a driver that sends parameters as text only (PGlite, in tests). */
  toString(): string {
    return this.binary.toString('utf8', 1);
  }
}
