import { describe, expect, it } from 'vitest';
import { FrameGuard } from '../../src/frame-guard.js';

/** A masked client frame, as a browser sends it. */
function frame(opcode: number, payloadLength: number, fin = true): Buffer {
  const first = (fin ? 0x80 : 0) | opcode;
  let header: Buffer;
  if (payloadLength < 126) {
    header = Buffer.from([first, 0x80 | payloadLength]);
  } else if (payloadLength < 65536) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = 0x80 | 126;
    header.writeUInt16BE(payloadLength, 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(payloadLength), 2);
  }
  return Buffer.concat([header, Buffer.from([1, 2, 3, 4]), Buffer.alloc(payloadLength, 0x61)]);
}

const KB = 1024;

describe('FrameGuard', () => {
  it('lets text frames up to 32 KB and messages up to 128 KB through', () => {
    const guard = new FrameGuard();
    expect(guard.push(frame(0x1, 32 * KB))).toBeUndefined();
    expect(guard.push(frame(0x1, 32 * KB, false))).toBeUndefined();
    expect(guard.push(frame(0x0, 32 * KB, false))).toBeUndefined();
    expect(guard.push(frame(0x0, 32 * KB, false))).toBeUndefined();
    expect(guard.push(frame(0x0, 32 * KB, true))).toBeUndefined();
    expect(guard.push(frame(0x9, 4))).toBeUndefined();
  });

  it('reports 1009 for a frame over 32 KB as soon as its header arrives', () => {
    const guard = new FrameGuard();
    const header = frame(0x1, 32 * KB + 1).subarray(0, 8);
    expect(guard.push(header)?.code).toBe(1009);
  });

  it('reports 1009 for a message over 128 KB spread over small frames', () => {
    const guard = new FrameGuard();
    const results = [
      guard.push(frame(0x1, 30 * KB, false)),
      guard.push(frame(0x0, 30 * KB, false)),
      guard.push(frame(0x0, 30 * KB, false)),
      guard.push(frame(0x0, 30 * KB, false)),
      guard.push(frame(0x0, 30 * KB, true)),
    ];
    expect(results.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(results[4]?.code).toBe(1009);
  });

  it('reports 1003 for a binary frame', () => {
    expect(new FrameGuard().push(frame(0x2, 3))?.code).toBe(1003);
  });

  it('follows frames split at any byte, and reports only the first breach', () => {
    const guard = new FrameGuard();
    const bytes = Buffer.concat([frame(0x1, 200), frame(0x1, 70_000), frame(0x2, 1)]);
    const reports = [];
    for (let i = 0; i < bytes.length; i += 7) reports.push(guard.push(bytes.subarray(i, i + 7)));
    const breaches = reports.filter((report) => report !== undefined);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]?.code).toBe(1009);
  });
});
