/**
 * Reads a ZIP archive through its central directory, independently of the writer under
 * test, and checks each entry's CRC.
 */
import { inflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/zip.js';

/** One entry as read back. */
export interface UnzippedEntry {
  readonly name: string;
  readonly data: Buffer;
  /** Unix permission bits from the external attributes. */
  readonly mode: number;
  readonly dosDate: number;
}

/** Every entry of the archive. Throws when a CRC or size does not match. */
export function unzip(archive: Buffer): UnzippedEntry[] {
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('no end of central directory');
  const count = archive.readUInt16LE(end + 10);
  let offset = archive.readUInt32LE(end + 16);
  const entries: UnzippedEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(offset) !== 0x02014b50) throw new Error('bad central header');
    const method = archive.readUInt16LE(offset + 10);
    const dosDate = archive.readUInt16LE(offset + 14);
    const crc = archive.readUInt32LE(offset + 16);
    const compressedSize = archive.readUInt32LE(offset + 20);
    const size = archive.readUInt32LE(offset + 24);
    const nameLength = archive.readUInt16LE(offset + 28);
    const extraLength = archive.readUInt16LE(offset + 30);
    const commentLength = archive.readUInt16LE(offset + 32);
    const mode = (archive.readUInt32LE(offset + 38) >>> 16) & 0o777;
    const localOffset = archive.readUInt32LE(offset + 42);
    const name = archive.toString('utf8', offset + 46, offset + 46 + nameLength);

    const localNameLength = archive.readUInt16LE(localOffset + 26);
    const localExtraLength = archive.readUInt16LE(localOffset + 28);
    const start = localOffset + 30 + localNameLength + localExtraLength;
    const raw = archive.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== size) throw new Error(`${name}: size mismatch`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);

    entries.push({ name, data, mode, dosDate });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
