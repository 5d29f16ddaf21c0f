/**
 * Identifiers and timestamps in the formats AWS uses, so handlers and clients see values
 * shaped like the ones they meet in production.
 */
import { randomBytes } from 'node:crypto';

/**
 * An opaque id like API Gateway's connection and request ids (`L0SM9cOFvHcCIhw=`): 11 random
 * bytes in base64, 16 characters ending in `=`. The URL-safe alphabet keeps `+` and `/` out
 * of `@connections/{id}` paths; `=` still needs percent-encoding, as with AWS.
 */
export function newOpaqueId(): string {
  return randomBytes(11).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
}

/** An API id like `a1b2c3d4e5`: ten lower-case letters and digits. */
export function newApiId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(10), (byte) => alphabet[byte % alphabet.length]).join('');
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** A time in Common Log Format, as in `requestTime`: `04/Dec/2026:20:01:46 +0000`. */
export function clfTime(epochMs: number): string {
  // `Fri, 04 Dec 2026 20:01:46 GMT`: the same fields, in another order.
  const [, day = '', month = '', year = '', time = ''] = new Date(epochMs).toUTCString().split(' ');
  return `${day}/${month}/${year}:${time} +0000`;
}

/** A Lambda log stream name: `2026/12/04/[$LATEST]` and 32 hex digits. */
export function logStreamName(epochMs: number): string {
  const date = new Date(epochMs);
  const day = `${date.getUTCFullYear()}/${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}`;
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/** The ARN of a Lambda function. */
export function functionArn(region: string, accountId: string, functionName: string): string {
  return `arn:aws:lambda:${region}:${accountId}:function:${functionName}`;
}
