/**
 * The connection service's use cases: record and forget connections, join and leave rooms,
 * rename, list members. Plain typed inputs and outputs; no Lambda types, no SDK calls.
 */
import { randomBytes } from 'node:crypto';
import {
  authorize,
  CONNECTION_TTL_SECONDS,
  MAX_JOINED_MEMBERS,
  MAX_ROOMS_PER_CONNECTION,
  newAnonymousUserId,
  NotAMemberError,
  NotConnectedError,
  toPublicMember,
  TooManyRoomsError,
  type Actor,
  type Connection,
  type PublicMember,
  type RoomMember,
} from '@chat/domain';
import type { ConnectionStore } from '@chat/store';

/** What the service needs; everything but the store has a production default. */
export interface ConnectionServiceOptions {
  readonly store: ConnectionStore;
  /** The current time. */
  readonly clock?: () => Date;
  /** A user id for a connection without an authenticated principal. */
  readonly newUserId?: () => string;
  /** A display name for a connection that did not choose one, like `guest-1a2b`. */
  readonly newGuestName?: () => string;
  /** Rooms one connection may have joined at once. */
  readonly maxRoomsPerConnection?: number;
}

/** A `$connect`, with query parameters already validated. */
export interface ConnectInput {
  readonly connectionId: string;
  /** The authorizer's principal, when an authorizer ran. */
  readonly principalId?: string | undefined;
  /** The chosen display name (`name` query parameter). */
  readonly name?: string | undefined;
  /** A room to join at once (`roomId` query parameter). */
  readonly roomId?: string | undefined;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** When the gateway accepted the connection (epoch milliseconds); default now. */
  readonly connectedAt?: number | undefined;
}

/** A room as its newest member sees it right after joining. */
export interface JoinResult {
  readonly roomId: string;
  /** The room's members, the caller first; at most `MAX_JOINED_MEMBERS`. */
  readonly members: PublicMember[];
  /** `true` when the room has more members than `members` lists. */
  readonly truncated?: boolean;
  /** The caller as the room sees it. */
  readonly you: PublicMember;
}

export interface ConnectResult {
  readonly connection: Connection;
  /** The room joined at once, when the handshake named one. */
  readonly joined?: JoinResult;
}

export interface JoinInput {
  readonly connectionId: string;
  readonly roomId: string;
  /** Sets the display name first, as `rename` does. */
  readonly name?: string | undefined;
}

export interface DisconnectResult {
  /** The connection's record, `undefined` when it had none (already gone). */
  readonly connection: Connection | undefined;
  /** The rooms it left. */
  readonly roomIds: string[];
}

/** Default display name: `guest-` and four hex digits. */
export function newGuestName(): string {
  return `guest-${randomBytes(2).toString('hex')}`;
}

/**
 * Connections and room membership. Every method that acts for a connection reads the
 * connection's stored record first, so identity (user id, display name) always comes
 * from the server side, and a connection whose record is gone gets `NotConnectedError`.
 */
export class ConnectionService {
  readonly #store: ConnectionStore;
  readonly #clock: () => Date;
  readonly #newUserId: () => string;
  readonly #newGuestName: () => string;
  readonly #maxRooms: number;

  public constructor(options: ConnectionServiceOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? (() => new Date());
    this.#newUserId = options.newUserId ?? newAnonymousUserId;
    this.#newGuestName = options.newGuestName ?? newGuestName;
    this.#maxRooms = options.maxRoomsPerConnection ?? MAX_ROOMS_PER_CONNECTION;
  }

  /**
   * Records a new connection with its server-side identity, and joins `roomId` when given.
   * Until an authorizer exists the user id is a fresh anonymous id per connection.
   */
  public async connect(input: ConnectInput): Promise<ConnectResult> {
    const now = this.#clock();
    const connection: Connection = {
      connectionId: input.connectionId,
      userId: input.principalId ?? this.#newUserId(),
      name: input.name ?? this.#newGuestName(),
      connectedAt: new Date(input.connectedAt ?? now.getTime()).toISOString(),
      sourceIp: input.sourceIp,
      userAgent: input.userAgent,
      expiresAt: Math.floor(now.getTime() / 1000) + CONNECTION_TTL_SECONDS,
    };
    await this.#store.putConnection(connection);
    if (input.roomId === undefined) return { connection };
    const joined = await this.#join(connection, input.roomId);
    return { connection, joined };
  }

  /**
   * Deletes the connection and all of its memberships. Safe to run twice and for a
   * connection that never had a record.
   */
  public async disconnect(connectionId: string): Promise<DisconnectResult> {
    const { connection, memberships } = await this.#store.deleteConnection(connectionId);
    return { connection, roomIds: memberships.map((member) => member.roomId) };
  }

  /**
   * Joins a room (idempotent: a repeated join keeps the first `joinedAt`), after setting the
   * display name when `name` is given.
   *
   * @throws {NotConnectedError | TooManyRoomsError}
   */
  public async join(input: JoinInput): Promise<JoinResult> {
    let connection = await this.#connection(input.connectionId);
    if (input.name !== undefined && input.name !== connection.name) {
      connection = await this.#rename(connection.connectionId, input.name);
    }
    return this.#join(connection, input.roomId);
  }

  /**
   * Leaves a room.
   *
   * @throws {NotConnectedError | NotAMemberError} the latter when the room was not joined.
   */
  public async leave(input: { connectionId: string; roomId: string }): Promise<{ roomId: string }> {
    await this.#connection(input.connectionId);
    const removed = await this.#store.removeMember(input.roomId, input.connectionId);
    if (removed === undefined) throw new NotAMemberError(input.roomId);
    return { roomId: input.roomId };
  }

  /**
   * Sets the connection's display name, on the connection and on each of its memberships
   * (the table stream turns the membership updates into `presence` `renamed` events).
   *
   * @throws {NotConnectedError}
   */
  public async rename(input: { connectionId: string; name: string }): Promise<{ name: string }> {
    const connection = await this.#rename(input.connectionId, input.name);
    return { name: connection.name };
  }

  /**
   * Answers a heartbeat. It reads the connection's record, so a client whose record
   * expired or was pruned learns it must reconnect.
   *
   * @throws {NotConnectedError}
   */
  public async ping(input: { connectionId: string }): Promise<{ serverTime: string }> {
    await this.#connection(input.connectionId);
    return { serverTime: this.#clock().toISOString() };
  }

  /** The room's members as anyone may see them: no connection ids. */
  public async listMembers(roomId: string): Promise<PublicMember[]> {
    const members = await this.#store.listMembers(roomId);
    return members.map(toPublicMember);
  }

  async #connection(connectionId: string): Promise<Connection> {
    const connection = await this.#store.getConnection(connectionId);
    if (connection === undefined) throw new NotConnectedError();
    return connection;
  }

  async #rename(connectionId: string, name: string): Promise<Connection> {
    const renamed = await this.#store.renameConnection(connectionId, name);
    if (renamed === undefined) throw new NotConnectedError();
    return renamed;
  }

  async #join(connection: Connection, roomId: string): Promise<JoinResult> {
    authorize(actorOf(connection), { action: 'room:join', roomId });
    await this.#checkRoomLimit(connection.connectionId, roomId);
    const { member } = await this.#store.addMember({
      roomId,
      connectionId: connection.connectionId,
      userId: connection.userId,
      name: connection.name,
      joinedAt: this.#clock().toISOString(),
      expiresAt: connection.expiresAt,
    });
    // One more than is shown tells whether the room has more members than the reply lists.
    const listed = await this.#store.listMembers(roomId, { limit: MAX_JOINED_MEMBERS + 1 });
    const members = withCallerFirst(listed, member);
    const truncated = members.length > MAX_JOINED_MEMBERS;
    return {
      roomId,
      members: members.slice(0, MAX_JOINED_MEMBERS),
      you: toPublicMember(member),
      ...(truncated ? { truncated } : {}),
    };
  }

  /** Throws when joining `roomId` would put the connection in more rooms than allowed. */
  async #checkRoomLimit(connectionId: string, roomId: string): Promise<void> {
    const rooms = await this.#store.listRoomsOf(connectionId);
    if (rooms.includes(roomId) || rooms.length < this.#maxRooms) return;
    // The room list comes from an eventually consistent index: before refusing, make sure
    // this is not a repeated join of a room the index does not show yet.
    const existing = await this.#store.getMember(roomId, connectionId);
    if (existing === undefined) throw new TooManyRoomsError(this.#maxRooms);
  }
}

/** The server-side identity of a connection, as `authorize` sees it. */
function actorOf(connection: Connection): Actor {
  return {
    kind: 'connection',
    userId: connection.userId,
    name: connection.name,
    connectionId: connection.connectionId,
  };
}

/**
 * The member list with the caller first and exactly once, as stored: a listing read right
 * after the write may miss the caller or show its previous name.
 */
function withCallerFirst(listed: readonly RoomMember[], caller: RoomMember): PublicMember[] {
  const others = listed.filter((member) => member.connectionId !== caller.connectionId);
  return [caller, ...others].map(toPublicMember);
}
