import { describe, expect, it } from 'vitest';
import {
  clfTime,
  functionArn,
  logStreamName,
  newApiId,
  newOpaqueId,
} from '../../src/aws-format.js';

describe('aws-format', () => {
  it('makes opaque ids of 16 URL-safe base64 characters ending in =', () => {
    const ids = new Set(Array.from({ length: 200 }, () => newOpaqueId()));
    expect(ids.size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{15}=$/);
  });

  it('formats request times in Common Log Format, UTC', () => {
    expect(clfTime(Date.UTC(2026, 11, 4, 20, 1, 46, 999))).toBe('04/Dec/2026:20:01:46 +0000');
    expect(clfTime(Date.UTC(2027, 0, 9, 3, 4, 5))).toBe('09/Jan/2027:03:04:05 +0000');
  });

  it('makes API ids, function ARNs and log stream names shaped like AWS’s', () => {
    expect(newApiId()).toMatch(/^[a-z0-9]{10}$/);
    expect(functionArn('eu-west-1', '123456789012', 'fn')).toBe(
      'arn:aws:lambda:eu-west-1:123456789012:function:fn',
    );
    expect(logStreamName(Date.UTC(2026, 1, 3))).toMatch(/^2026\/02\/03\/\[\$LATEST\][0-9a-f]{32}$/);
  });
});
