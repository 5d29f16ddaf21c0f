import { afterAll, describe, expect, inject, it } from 'vitest';
import { ErrorCode } from '@chat/domain';
import { connectEvent, httpEvent, newConnectionId, setUpTable } from '@chat/service-kit/testing';

const fixture = await setUpTable(inject('dynamodbEndpoint'), 'connection-http');
const { handler: http } = await import('../../src/handlers/http.js');
const { handler: websocket } = await import('../../src/handlers/websocket.js');

afterAll(() => {
  fixture.destroy();
});

const membersOf = (roomId: string) => http(httpEvent('GET', '/rooms/{roomId}/members', { roomId }));

describe('GET /rooms/{roomId}/members', () => {
  it('lists the public view of every member and never a connection id', async () => {
    const ada = newConnectionId();
    const bob = newConnectionId();
    await websocket(connectEvent(ada, { query: { name: 'Ada', roomId: 'members-1' } }));
    await websocket(connectEvent(bob, { query: { name: 'Bob', roomId: 'members-1' } }));

    const result = await membersOf('members-1');

    expect(result.statusCode).toBe(200);
    expect(result.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(result.body) as { roomId: string; members: { name: string }[] };
    expect(body.roomId).toBe('members-1');
    expect(body.members.map((member) => member.name).sort()).toEqual(['Ada', 'Bob']);
    for (const member of body.members) {
      expect(Object.keys(member).sort()).toEqual(['joinedAt', 'name', 'userId']);
    }
    expect(result.body).not.toContain(ada);
    expect(result.body).not.toContain(bob);
  });

  it('answers an empty list for a room nobody joined', async () => {
    const result = await membersOf('empty-room');

    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ roomId: 'empty-room', members: [] });
  });

  it('answers a malformed room id with 400 and the field that is wrong', async () => {
    const result = await membersOf('not a room!');

    expect(result.statusCode).toBe(400);
    expect(JSON.parse(result.body)).toMatchObject({
      code: ErrorCode.INVALID_FIELD,
      details: [{ path: 'roomId' }],
    });
  });
});
