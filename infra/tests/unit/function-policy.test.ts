import { describe, expect, it } from 'vitest';
import {
  functionPolicyStatements,
  MANAGE_CONNECTIONS_ACTION,
  STREAM_READ_ACTIONS,
  TABLE_READ_ACTIONS,
  TABLE_WRITE_ACTIONS,
  type PolicyResources,
} from '../../src/function-policy.js';

const resources: PolicyResources = {
  tableArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/chat-test-chat',
  streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/chat-test-chat/stream/2025-01-01',
  logGroupArn: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/chat-test-fn',
  connectionsArn: (method) =>
    `arn:aws:execute-api:eu-west-1:123456789012:api1/test/${method}/@connections/*`,
};

describe('functionPolicyStatements', () => {
  it('grants only its own log group to a function with no permissions', () => {
    const statements = functionPolicyStatements({}, resources);

    expect(statements).toEqual([
      {
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${resources.logGroupArn}:*`],
      },
    ]);
  });

  it('grants read actions on the table and Query on its indexes for read access', () => {
    const statements = functionPolicyStatements({ table: 'read' }, resources);

    expect(statements.find((s) => s.sid === 'TableItems')).toEqual({
      sid: 'TableItems',
      actions: TABLE_READ_ACTIONS,
      resources: [resources.tableArn],
    });
    expect(statements.find((s) => s.sid === 'TableIndexes')).toEqual({
      sid: 'TableIndexes',
      actions: ['dynamodb:Query'],
      resources: [`${resources.tableArn}/index/*`],
    });
    expect(statements.flatMap((s) => s.actions)).not.toContain('dynamodb:PutItem');
  });

  it('adds the write actions for read-write access, and never Scan', () => {
    const actions = functionPolicyStatements({ table: 'read-write' }, resources).flatMap(
      (s) => s.actions,
    );

    expect(actions).toEqual(
      expect.arrayContaining([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]),
    );
    expect(actions).not.toContain('dynamodb:Scan');
  });

  it('grants stream reads on the stream ARN only to stream consumers', () => {
    expect(
      functionPolicyStatements({ table: 'read-write' }, resources).some(
        (s) => s.sid === 'TableStream',
      ),
    ).toBe(false);
    expect(
      functionPolicyStatements({ tableStream: true }, resources).find(
        (s) => s.sid === 'TableStream',
      ),
    ).toEqual({
      sid: 'TableStream',
      actions: STREAM_READ_ACTIONS,
      resources: [resources.streamArn],
    });
  });

  it('scopes ManageConnections to one @connections ARN per listed method', () => {
    const statement = functionPolicyStatements(
      { manageConnections: ['POST', 'DELETE', 'POST'] },
      resources,
    ).find((s) => s.sid === 'ManageConnections');

    expect(statement).toEqual({
      sid: 'ManageConnections',
      actions: [MANAGE_CONNECTIONS_ACTION],
      resources: [
        'arn:aws:execute-api:eu-west-1:123456789012:api1/test/DELETE/@connections/*',
        'arn:aws:execute-api:eu-west-1:123456789012:api1/test/POST/@connections/*',
      ],
    });
  });

  it('never grants ManageConnections to a function that does not list it', () => {
    const statements = functionPolicyStatements(
      { table: 'read-write', tableStream: true, manageConnections: [] },
      resources,
    );

    expect(statements.flatMap((s) => s.actions)).not.toContain(MANAGE_CONNECTIONS_ACTION);
  });

  it('never uses a wildcard action', () => {
    const statements = functionPolicyStatements(
      { table: 'read-write', tableStream: true, manageConnections: ['POST', 'GET', 'DELETE'] },
      resources,
    );

    expect(statements.flatMap((s) => s.actions).filter((a) => a.includes('*'))).toEqual([]);
  });

  it('refuses a function that posts when no WebSocket API is known', () => {
    const { connectionsArn: _, ...withoutApi } = resources;

    expect(() => functionPolicyStatements({ manageConnections: ['POST'] }, withoutApi)).toThrow(
      /connectionsArn/,
    );
  });
});
