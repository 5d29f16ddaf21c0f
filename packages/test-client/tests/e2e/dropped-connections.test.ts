/**
 * End-to-end with every `$disconnect` dropped, as API Gateway may do (it is best effort): a
 * client whose socket vanishes leaves its connection and membership records behind, and
 * only the fan-out's pruning on a `410 Gone` or DynamoDB's TTL removes them. Its own stack
 * (the fault is per stack), so its own file; the stream is polled at the 250 ms default.
 *
 * TTL expiry (`presence` `left` with `reason: 'expired'`) is not covered end to end: it is
 * covered at the record level by `@chat/stream-fanout`'s tests (a REMOVE with DynamoDB's
 * service identity), because DynamoDB Local's TTL cannot be made to run in test time.
 * Measured with DynamoDB Local 1.25.1 (`-inMemory -sharedDb`): items whose `expiresAt` is
 * in the past, put that way or updated to it, were mostly never deleted within 60 to 120 s;
 * one sweep about ten seconds after start deleted a few of them (only items that carried
 * the `byConnection` index's key attributes, and not all of those), then none. Its
 * deletions do carry the TTL identity (the fan-out announced them with `reason:
 * 'expired'`), but a test cannot wait for something that happens to some items, sometimes.
 */
import { randomUUID } from 'node:crypto';
import { connectionKey, ItemType, memberKey, roomPartition } from '@chat/domain';
import type { ChatMessage } from '../../src/index.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteConnection } from '../helpers/aws-http.js';
import { E2eStack, type Participant } from '../helpers/e2e-stack.js';
import { waitFor } from '../helpers/wait.js';

let e2e: E2eStack;

beforeAll(async () => {
  e2e = await E2eStack.start({ faults: { dropDisconnectShare: 1 } });
});

afterEach(async () => {
  await e2e.closeAll({ waitForDisconnect: false });
});

afterAll(async () => {
  await e2e.stop();
});

function newRoom(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

function stored(ack: { readonly message?: ChatMessage | undefined }): ChatMessage {
  if (ack.message === undefined) throw new Error('The ack carries no message.');
  return ack.message;
}

/** The user id the server gave a participant, from its first `joined` reply. */
function userIdOf(participant: Participant): string {
  const userId = participant.eventsOf('joined')[0]?.you.userId;
  if (userId === undefined) throw new Error(`${participant.name} has not joined a room.`);
  return userId;
}

/**
 * Closes a participant's socket; its `$disconnect` is dropped, so its records stay. Waits
 * for its own `joined` presence first: a post still on its way would find it gone and
 * prune it before the test means to.
 */
async function vanish(participant: Participant): Promise<void> {
  const userId = userIdOf(participant);
  await participant.waitForEvent(
    'presence',
    (event) => event.change === 'joined' && event.member.userId === userId,
  );
  const dropped = e2e.stack.stats.faults.droppedDisconnects;
  await participant.client.close();
  await waitFor(
    `the dropped $disconnect of ${participant.name}`,
    () => e2e.stack.stats.faults.droppedDisconnects > dropped,
  );
}

describe('a connection that vanished without $disconnect', () => {
  it('is pruned when a post to it answers 410, and the room hears that it left', async () => {
    // Prepare
    const room = newRoom('gone');
    const watcher = await e2e.joined('watcher', room);
    const ghost = await e2e.joined('ghost', room);
    const ghostUserId = userIdOf(ghost);
    await vanish(ghost);
    const recordsLeft = [
      await e2e.table.get(connectionKey(ghost.connectionId)),
      await e2e.table.get(memberKey(room, ghost.connectionId)),
    ];
    const gone = e2e.stack.stats.managementApi.gone;

    // Act
    const message = stored(await watcher.client.send(room, 'anyone there?'));
    const left = await watcher.waitForEvent(
      'presence',
      (event) => event.change === 'left' && event.member.userId === ghostUserId,
    );

    // Assess
    expect(recordsLeft).toEqual([
      expect.objectContaining({ type: ItemType.connection }),
      expect.objectContaining({ type: ItemType.member }),
    ]);
    expect(left).toMatchObject({ roomId: room, reason: 'left', member: { name: 'ghost' } });
    expect(e2e.stack.stats.managementApi.gone).toBeGreaterThan(gone);
    expect(await e2e.table.get(connectionKey(ghost.connectionId))).toBeUndefined();
    expect(await e2e.table.get(memberKey(room, ghost.connectionId))).toBeUndefined();
    // The message was fanned out (and the ghost found gone) before its membership's removal.
    const order = watcher.events.map((event) =>
      event.type === 'message.created' ? event.message.id : event.type,
    );
    expect(order.indexOf(message.id)).toBeGreaterThan(-1);
    expect(order.lastIndexOf('presence')).toBeGreaterThan(order.indexOf(message.id));
    const members = await fetch(`${e2e.endpoints.http}/rooms/${room}/members`);
    const body = (await members.json()) as { members: { name: string }[] };
    expect(body.members.map((member) => member.name)).toEqual(['watcher']);
  });

  it('leaves no duplicate behind when its client reconnects: the stale membership is pruned', async () => {
    // Prepare
    const room = newRoom('comeback');
    const alice = await e2e.joined('alice', room, {
      reconnect: { baseDelayMs: 50, maxDelayMs: 200 },
    });
    const bob = await e2e.joined('bob', room);
    const oldUserId = userIdOf(alice);
    const first = stored(await bob.client.send(room, 'before the cut'));
    await alice.waitForMessages(room, [first.id]);

    // Act: cut alice; her `$disconnect` is dropped, so her old membership stays.
    const status = await deleteConnection(e2e.endpoints.connections, alice.connectionId);
    await waitFor('alice to reconnect', () =>
      alice.lifecycle.some((event) => event.type === 'reconnected'),
    );
    const stale = await e2e.table.get(memberKey(room, alice.connectionId));
    const second = stored(await bob.client.send(room, 'after the cut'));
    const prunedNotice = await bob.waitForEvent(
      'presence',
      (event) => event.change === 'left' && event.member.userId === oldUserId,
    );
    const third = stored(await bob.client.send(room, 'all clear'));
    await alice.waitForMessages(room, [third.id]);

    // Assess
    expect(status).toBe(204);
    expect(stale).toMatchObject({ type: ItemType.member, name: 'alice' });
    expect(prunedNotice.reason).toBe('left');
    expect(alice.created(room).map((message) => message.id)).toEqual([
      first.id,
      second.id,
      third.id,
    ]);
    const items = await e2e.table.partition(roomPartition(room));
    expect(items.filter((item) => item.type === ItemType.member)).toHaveLength(2);
    expect(await e2e.table.get(memberKey(room, alice.connectionId))).toBeUndefined();
  });
});
