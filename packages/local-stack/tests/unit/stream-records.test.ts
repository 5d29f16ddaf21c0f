import { describe, expect, it } from 'vitest';
import { classifyBatchOutcome } from '../../src/stream-poller.js';
import { toLambdaRecord } from '../../src/stream-records.js';

const source = {
  region: 'eu-central-1',
  streamArn: 'arn:aws:dynamodb:ddblocal:000000000000:table/t/stream/x',
};

describe('toLambdaRecord', () => {
  it('converts a Streams API record to Lambda’s format', () => {
    const record = toLambdaRecord(
      {
        eventID: 'id-1',
        eventName: 'REMOVE',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'ddblocal',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2026-12-04T20:16:59.900Z'),
          Keys: { pk: { S: 'A' } },
          OldImage: {
            pk: { S: 'A' },
            b: { B: new Uint8Array([255]) },
            bs: { BS: [new Uint8Array([1])] },
            m: { M: { l: { L: [{ N: '1' }, { NULL: true }, { BOOL: false }] } } },
            ss: { SS: ['x'] },
            ns: { NS: ['2'] },
          },
          SequenceNumber: '000000000000000000042',
          SizeBytes: 33,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
        userIdentity: { Type: 'Service', PrincipalId: 'dynamodb.amazonaws.com' },
      },
      source,
    );
    expect(record).toEqual({
      eventID: 'id-1',
      eventName: 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-central-1',
      dynamodb: {
        ApproximateCreationDateTime: 1796415419,
        Keys: { pk: { S: 'A' } },
        OldImage: {
          pk: { S: 'A' },
          b: { B: '/w==' },
          bs: { BS: ['AQ=='] },
          m: { M: { l: { L: [{ N: '1' }, { NULL: true }, { BOOL: false }] } } },
          ss: { SS: ['x'] },
          ns: { NS: ['2'] },
        },
        SequenceNumber: '000000000000000000042',
        SizeBytes: 33,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN: source.streamArn,
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
    });
  });
});

describe('classifyBatchOutcome', () => {
  const records = ['1', '2', '3'].map((sequence) =>
    toLambdaRecord(
      { eventName: 'INSERT', dynamodb: { SequenceNumber: sequence, Keys: {} } },
      source,
    ),
  );
  const ok = (value: unknown) => ({ ok: true as const, value, requestId: 'r' });

  it('treats an empty, null or missing failure list as success', () => {
    for (const value of [
      undefined,
      null,
      {},
      { batchItemFailures: [] },
      { batchItemFailures: null },
    ]) {
      expect(classifyBatchOutcome(ok(value), records, true).kind).toBe('ok');
    }
  });

  it('retries from the lowest reported sequence number', () => {
    const value = { batchItemFailures: [{ itemIdentifier: '3' }, { itemIdentifier: '2' }] };
    expect(classifyBatchOutcome(ok(value), records, true)).toEqual({
      kind: 'partial',
      failedIndex: 1,
      requestId: 'r',
    });
  });

  it('fails the whole batch for an unknown, empty or missing item identifier', () => {
    for (const failure of [{ itemIdentifier: '9' }, { itemIdentifier: '' }, {}, 'x']) {
      const result = classifyBatchOutcome(ok({ batchItemFailures: [failure] }), records, true);
      expect(result).toMatchObject({ kind: 'error', functionError: false });
    }
  });

  it('ignores reported failures when the trigger does not report them', () => {
    const value = { batchItemFailures: [{ itemIdentifier: '2' }] };
    expect(classifyBatchOutcome(ok(value), records, false).kind).toBe('ok');
  });

  it('fails the whole batch when the function throws', () => {
    const outcome = { ok: false as const, error: new Error('x'), timedOut: false, requestId: 'r' };
    expect(classifyBatchOutcome(outcome, records, true)).toMatchObject({
      kind: 'error',
      functionError: true,
    });
  });
});
