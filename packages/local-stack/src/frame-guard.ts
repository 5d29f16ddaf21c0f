/**
 * API Gateway's WebSocket limits, checked on the raw bytes a client sends: a frame may carry
 * at most 32 KB and a message (a frame plus its continuation frames) at most 128 KB, and
 * binary frames are not accepted. The `ws` library only sees whole messages, so the guard
 * reads frame headers itself and reports a breach as soon as the offending header arrives.
 */
import { MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from '@chat/domain';
import { CloseCode } from './constants.js';

/** Why the connection must be closed, with the close code API Gateway uses. */
export interface FrameViolation {
  readonly code: number;
  readonly reason: string;
}

/** Limits of a {@link FrameGuard}; API Gateway's by default. */
export interface FrameLimits {
  readonly maxFrameBytes: number;
  readonly maxMessageBytes: number;
}

const Opcode = { continuation: 0x0, text: 0x1, binary: 0x2 } as const;

/** Reads the client-to-server byte stream frame by frame and reports the first breach. */
export class FrameGuard {
  readonly #limits: FrameLimits;
  #header = Buffer.alloc(0);
  #payloadLeft = 0;
  #messageBytes = 0;
  #violated = false;

  constructor(
    limits: FrameLimits = { maxFrameBytes: MAX_FRAME_BYTES, maxMessageBytes: MAX_MESSAGE_BYTES },
  ) {
    this.#limits = limits;
  }

  /**
   * Feeds the next bytes read from the socket.
   *
   * @returns the breach, the first time one is seen; afterwards always `undefined`.
   */
  push(chunk: Buffer): FrameViolation | undefined {
    if (this.#violated) return undefined;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#payloadLeft > 0) {
        const skipped = Math.min(this.#payloadLeft, chunk.length - offset);
        this.#payloadLeft -= skipped;
        offset += skipped;
        continue;
      }
      const needed = this.#headerLength();
      const take = Math.min(chunk.length - offset, Math.max(needed - this.#header.length, 1));
      this.#header = Buffer.concat([this.#header, chunk.subarray(offset, offset + take)]);
      offset += take;
      if (this.#header.length < this.#headerLength()) continue;
      const violation = this.#onHeader();
      if (violation !== undefined) {
        this.#violated = true;
        return violation;
      }
    }
    return undefined;
  }

  /** The length of the header being read, as far as its first bytes tell. */
  #headerLength(): number {
    if (this.#header.length < 2) return 2;
    const second = this.#header[1] ?? 0;
    const lengthCode = second & 0x7f;
    const extended = lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0;
    const mask = (second & 0x80) !== 0 ? 4 : 0;
    return 2 + extended + mask;
  }

  #onHeader(): FrameViolation | undefined {
    const header = this.#header;
    this.#header = Buffer.alloc(0);
    const first = header[0] ?? 0;
    const fin = (first & 0x80) !== 0;
    const opcode = first & 0x0f;
    const lengthCode = (header[1] ?? 0) & 0x7f;
    const length =
      lengthCode === 126
        ? header.readUInt16BE(2)
        : lengthCode === 127
          ? Number(header.readBigUInt64BE(2))
          : lengthCode;
    this.#payloadLeft = length;
    const isData =
      opcode === Opcode.text || opcode === Opcode.binary || opcode === Opcode.continuation;
    if (!isData) return undefined;
    if (opcode === Opcode.binary) {
      return { code: CloseCode.unsupportedData, reason: 'Binary frames are not supported' };
    }
    if (length > this.#limits.maxFrameBytes) {
      return {
        code: CloseCode.messageTooBig,
        reason: `Frame of ${length} bytes exceeds ${this.#limits.maxFrameBytes}`,
      };
    }
    this.#messageBytes = opcode === Opcode.continuation ? this.#messageBytes + length : length;
    if (this.#messageBytes > this.#limits.maxMessageBytes) {
      return {
        code: CloseCode.messageTooBig,
        reason: `Message exceeds ${this.#limits.maxMessageBytes} bytes`,
      };
    }
    if (fin) this.#messageBytes = 0;
    return undefined;
  }
}
