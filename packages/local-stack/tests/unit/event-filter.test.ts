import { describe, expect, it } from 'vitest';
import { matchesAnyPattern, matchesPattern } from '../../src/index.js';

const record = {
  eventName: 'INSERT',
  dynamodb: {
    Keys: { pk: { S: 'ROOM#lobby' }, sk: { S: 'MEMBER#abc' } },
    NewImage: { count: { N: '7' }, tags: { SS: ['a', 'b'] }, name: { S: 'Ada' } },
  },
};

describe('matchesPattern', () => {
  it('matches exact values on nested keys and fails on a different value', () => {
    expect(matchesPattern(record, { eventName: ['INSERT', 'MODIFY'] })).toBe(true);
    expect(matchesPattern(record, { eventName: ['REMOVE'] })).toBe(false);
    expect(matchesPattern(record, { dynamodb: { Keys: { pk: { S: ['ROOM#lobby'] } } } })).toBe(
      true,
    );
  });

  it('requires every key of the pattern to match', () => {
    expect(
      matchesPattern(record, {
        eventName: ['INSERT'],
        dynamodb: { Keys: { sk: { S: [{ prefix: 'MSG#' }] } } },
      }),
    ).toBe(false);
  });

  it('matches prefix, suffix, equals-ignore-case and wildcard', () => {
    const keys = (condition: unknown) => ({ dynamodb: { Keys: { sk: { S: [condition] } } } });
    expect(matchesPattern(record, keys({ prefix: 'MEMBER#' }))).toBe(true);
    expect(matchesPattern(record, keys({ prefix: 'MSG#' }))).toBe(false);
    expect(matchesPattern(record, keys({ suffix: '#abc' }))).toBe(true);
    expect(matchesPattern(record, keys({ 'equals-ignore-case': 'member#ABC' }))).toBe(true);
    expect(matchesPattern(record, keys({ wildcard: 'MEM*#a*' }))).toBe(true);
    expect(matchesPattern(record, keys({ wildcard: 'MSG*' }))).toBe(false);
  });

  it('matches anything-but with a value, a list and a prefix', () => {
    expect(matchesPattern(record, { eventName: [{ 'anything-but': 'REMOVE' }] })).toBe(true);
    expect(matchesPattern(record, { eventName: [{ 'anything-but': ['INSERT', 'MODIFY'] }] })).toBe(
      false,
    );
    expect(matchesPattern(record, { eventName: [{ 'anything-but': { prefix: 'INS' } }] })).toBe(
      false,
    );
  });

  it('matches numeric ranges on DynamoDB number strings', () => {
    const count = (numeric: unknown[]) => ({
      dynamodb: { NewImage: { count: { N: [{ numeric }] } } },
    });
    expect(matchesPattern(record, count(['>', 5, '<=', 7]))).toBe(true);
    expect(matchesPattern(record, count(['>', 7]))).toBe(false);
    expect(matchesPattern(record, count(['=', 7]))).toBe(true);
  });

  it('matches exists true and false', () => {
    expect(matchesPattern(record, { dynamodb: { OldImage: [{ exists: false }] } })).toBe(true);
    expect(matchesPattern(record, { dynamodb: { NewImage: [{ exists: true }] } })).toBe(true);
    expect(matchesPattern(record, { dynamodb: { OldImage: [{ exists: true }] } })).toBe(false);
  });

  it('matches a list value when any element matches', () => {
    expect(matchesPattern(record, { dynamodb: { NewImage: { tags: { SS: ['b'] } } } })).toBe(true);
    expect(matchesPattern(record, { dynamodb: { NewImage: { tags: { SS: ['c'] } } } })).toBe(false);
  });

  it('does not match a key the event lacks, except with exists false', () => {
    expect(matchesPattern(record, { userIdentity: { type: ['Service'] } })).toBe(false);
    expect(matchesPattern(record, { userIdentity: [{ exists: false }] })).toBe(true);
  });
});

describe('matchesAnyPattern', () => {
  it('lets everything through without patterns and needs one match with them', () => {
    expect(matchesAnyPattern(record, [])).toBe(true);
    expect(matchesAnyPattern(record, [{ eventName: ['REMOVE'] }, { eventName: ['INSERT'] }])).toBe(
      true,
    );
    expect(matchesAnyPattern(record, [{ eventName: ['REMOVE'] }])).toBe(false);
  });
});
