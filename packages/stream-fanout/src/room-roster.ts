/**
 * A room's members as they were at each record of a batch. One Query at the start of a
 * room's records gives today's members, which already include every change of the batch
 * (and perhaps a few after it). Undoing the batch's membership changes, newest first, gives
 * the members before the batch; replaying them record by record gives the members at each
 * record. So a member who joined earlier in the batch receives the later messages, and one
 * who left receives the messages sent before they left — even when the Query itself is
 * eventually consistent and misses the newest change.
 */
import type { RoomMember } from '@chat/domain';
import type { MembershipChange } from './record-events.js';

/** The members of one room, advanced one membership change at a time. */
export class RoomRoster {
  readonly #members = new Map<string, RoomMember>();

  /**
   * The roster before `changes` (the room's membership changes in this batch, in order),
   * given the members read after them.
   */
  public static before(
    current: readonly RoomMember[],
    changes: readonly MembershipChange[],
  ): RoomRoster {
    const roster = new RoomRoster();
    for (const member of current) roster.#members.set(member.connectionId, member);
    for (const change of changes.toReversed())
      roster.#set(change.after ?? change.before, change.before);
    return roster;
  }

  /** Applies one membership change. */
  public apply(change: MembershipChange): void {
    this.#set(change.before ?? change.after, change.after);
  }

  /** The members now, in no particular order. */
  public members(): RoomMember[] {
    return [...this.#members.values()];
  }

  #set(key: RoomMember | undefined, member: RoomMember | undefined): void {
    if (key === undefined) return;
    if (member === undefined) this.#members.delete(key.connectionId);
    else this.#members.set(key.connectionId, member);
  }
}
