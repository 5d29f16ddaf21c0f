import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32, createZip } from '../../src/zip.js';
import { unzip } from '../helpers/unzip.js';

describe('crc32', () => {
  it('matches the IEEE check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});

describe('createZip', () => {
  it('round-trips every entry with its bytes, readable permissions and a fixed date', () => {
    const code = Buffer.from('export const handler = async () => ({ statusCode: 200 });\n');
    const binary = randomBytes(4096);

    const entries = unzip(
      createZip([
        { name: 'index.mjs', data: code },
        { name: 'index.mjs.map', data: binary },
      ]),
    );

    expect(entries.map((e) => e.name)).toEqual(['index.mjs', 'index.mjs.map']);
    expect(entries[0]!.data.equals(code)).toBe(true);
    expect(entries[1]!.data.equals(binary)).toBe(true);
    expect(entries.every((e) => e.mode === 0o644)).toBe(true);
    expect(entries.every((e) => e.dosDate === ((0 << 9) | (1 << 5) | 1))).toBe(true);
  });

  it('produces identical bytes for identical input, so the code hash only moves with the code', () => {
    const data = Buffer.from('same bundle');

    expect(
      createZip([{ name: 'index.mjs', data }]).equals(createZip([{ name: 'index.mjs', data }])),
    ).toBe(true);
  });

  it('compresses text', () => {
    const text = Buffer.from('const a = 1;\n'.repeat(1000));

    expect(createZip([{ name: 'index.mjs', data: text }]).length).toBeLessThan(text.length / 10);
  });
});
