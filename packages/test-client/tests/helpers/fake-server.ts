/**
 * A small in-memory chat server that speaks protocol v1 from `@chat/domain` over a real
 * `ws` WebSocketServer, for testing the client without the local stack. It follows the
 * services' rules: per-connection user ids, names from the stored connection, membership
 * checks through `authorize`, sends idempotent on `clientMessageId` per room, history newest
 * first with a `before` cursor, fan-out of `message.*` and `presence` to every member (the
 * sender included, as the stream fan-out does). Tests can drop sockets, refuse handshakes,
 * silence actions, fail actions, duplicate broadcasts and inspect what it received.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  authorize,
  ChatError,
  ClientActionName,
  MAX_FRAME_BYTES,
  MAX_ROOMS_PER_CONNECTION,
  MessageNotFoundError,
  newAnonymousUserId,
  newMessageId,
  parseClientFrame,
  serializeEvent,
  toErrorEvent,
  TooManyRoomsError,
  toTombstone,
  type Actor,
  type ClientAction,
  type Message,
  type RoomMember,
  type ServerEvent,
} from '@chat/domain';
import { WebSocketServer, type WebSocket } from 'ws';

/** One open connection as the fake server sees it. */
export interface FakeConnection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly userId: string;
  name: string;
  readonly rooms: Set<string>;
  /** Every frame the connection sent, parsed or not. */
  readonly frames: string[];
}

/** A failure the server answers an action with, instead of performing it. */
export interface InjectedFailure {
  readonly action: ClientAction['action'];
  readonly error: ChatError;
  /** How many times; default forever. */
  remaining?: number;
}

export interface FakeServer {
  /** `ws://127.0.0.1:<port>/local` */
  readonly url: string;
  readonly port: number;
  /** Open connections, oldest first. */
  connections(): FakeConnection[];
  /** Connections ever accepted (open or not). */
  readonly acceptedCount: number;
  /** Every frame received on any connection, in order. */
  readonly frames: readonly { connectionId: string; frame: string }[];
  /** Parsed actions of one kind received so far. */
  actions(action: ClientAction['action']): ClientAction[];
  /** Stored messages of a room, oldest first. */
  messages(roomId: string): Message[];
  /** Members of a room. */
  members(roomId: string): RoomMember[];
  /** Closes every open socket with `code`, as API Gateway does at the 2-hour limit (1001). */
  dropAll(code?: number, reason?: string): Promise<void>;
  /** Closes one connection's socket. */
  drop(connectionId: string, code?: number, reason?: string): Promise<void>;
  /** Cuts every socket without a closing handshake (as a network failure would). */
  terminateAll(): void;
  /** While true, handshakes are refused with HTTP 503. */
  refuseConnections: boolean;
  /** Actions the server reads but never answers. */
  readonly silentActions: Set<ClientAction['action']>;
  /** Failures to answer actions with. */
  readonly failures: InjectedFailure[];
  /**
   * Actions performed once more and then answered by cutting the socket instead of
   * replying (the reply is lost, the effect stays). Each entry is used once.
   */
  readonly cutBeforeReply: Set<ClientAction['action']>;
  /** Replies to these actions are sent this many milliseconds late (the action is done at once). */
  readonly replyDelays: Map<ClientAction['action'], number>;
  /** When set, every n-th delivery of a broadcast to a member is silently lost. */
  loseEveryNthDelivery: number | undefined;
  /** When true, every broadcast is sent twice (as a re-delivered stream batch would). */
  duplicateBroadcasts: boolean;
  /** Stores and broadcasts a message as if a member named `authorName` sent it. */
  post(roomId: string, text: string, authorName?: string): Message;
  /** Resolves when `predicate` holds, polling every 5 ms. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface FakeServerOptions {
  readonly port?: number;
  /** Delay between the reply to a send and its broadcast (the stream's lag). Default 0. */
  readonly fanOutDelayMs?: number;
}

/** Starts a fake server on `127.0.0.1` and a free port. */
export async function startFakeServer(options: FakeServerOptions = {}): Promise<FakeServer> {
  const fanOutDelayMs = options.fanOutDelayMs ?? 0;
  const connections = new Map<string, FakeConnection>();
  const rooms = new Map<string, Map<string, RoomMember>>();
  const messages = new Map<string, Message[]>();
  const clientMessageIds = new Map<string, string>();
  const frames: { connectionId: string; frame: string }[] = [];
  const parsedActions: ClientAction[] = [];
  let acceptedCount = 0;
  let deliveries = 0;

  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    // API Gateway closes the connection (1009) on a frame over 32 KB.
    maxPayload: MAX_FRAME_BYTES,
    verifyClient: (_info, callback) => {
      if (server.refuseConnections) callback(false, 503, 'Service Unavailable');
      else callback(true);
    },
  });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const { port } = wss.address() as AddressInfo;

  const roomMessages = (roomId: string): Message[] => {
    let list = messages.get(roomId);
    if (list === undefined) {
      list = [];
      messages.set(roomId, list);
    }
    return list;
  };

  const roomMembers = (roomId: string): Map<string, RoomMember> => {
    let members = rooms.get(roomId);
    if (members === undefined) {
      members = new Map();
      rooms.set(roomId, members);
    }
    return members;
  };

  const sendTo = (connection: FakeConnection, event: ServerEvent): void => {
    if (connection.socket.readyState === connection.socket.OPEN) {
      connection.socket.send(serializeEvent(event));
    }
  };

  const broadcast = (roomId: string, event: ServerEvent): void => {
    const deliver = (): void => {
      for (const member of roomMembers(roomId).values()) {
        const connection = connections.get(member.connectionId);
        if (connection === undefined) continue;
        deliveries += 1;
        const every = server.loseEveryNthDelivery;
        if (every !== undefined && deliveries % every === 0) continue;
        sendTo(connection, event);
        if (server.duplicateBroadcasts) sendTo(connection, event);
      }
    };
    if (fanOutDelayMs === 0) deliver();
    else setTimeout(deliver, fanOutDelayMs);
  };

  const publicMember = (member: RoomMember) => ({
    userId: member.userId,
    name: member.name,
    joinedAt: member.joinedAt,
  });

  const actorOf = (connection: FakeConnection): Actor => ({
    kind: 'connection',
    userId: connection.userId,
    name: connection.name,
    connectionId: connection.id,
  });

  const leaveRoom = (
    connection: FakeConnection,
    roomId: string,
    reason: 'left' | 'disconnected',
  ): void => {
    const members = roomMembers(roomId);
    const member = members.get(connection.id);
    connection.rooms.delete(roomId);
    if (member === undefined) return;
    members.delete(connection.id);
    broadcast(roomId, {
      type: 'presence',
      roomId,
      change: 'left',
      member: publicMember(member),
      reason,
    });
  };

  const findMessage = (roomId: string, messageId: string): Message => {
    const found = roomMessages(roomId).find((message) => message.id === messageId);
    if (found === undefined) throw new MessageNotFoundError(roomId, messageId);
    return found;
  };

  const replaceMessage = (message: Message): void => {
    const list = roomMessages(message.roomId);
    const index = list.findIndex((candidate) => candidate.id === message.id);
    list[index] = message;
  };

  const store = (
    roomId: string,
    author: { userId: string; name: string },
    text: string,
    clientMessageId?: string,
  ): Message => {
    const message: Message = {
      id: newMessageId(),
      roomId,
      authorId: author.userId,
      authorName: author.name,
      text,
      createdAt: new Date().toISOString(),
      deleted: false,
      ...(clientMessageId === undefined ? {} : { clientMessageId }),
    };
    roomMessages(roomId).push(message);
    return message;
  };

  const perform = (connection: FakeConnection, action: ClientAction): ServerEvent => {
    const requestId = action.requestId === undefined ? {} : { requestId: action.requestId };
    const membership = (roomId: string) => roomMembers(roomId).get(connection.id);
    switch (action.action) {
      case ClientActionName.join: {
        if (action.name !== undefined) connection.name = action.name;
        const members = roomMembers(action.roomId);
        if (!members.has(connection.id) && connection.rooms.size >= MAX_ROOMS_PER_CONNECTION) {
          throw new TooManyRoomsError(MAX_ROOMS_PER_CONNECTION);
        }
        const member: RoomMember = {
          roomId: action.roomId,
          connectionId: connection.id,
          userId: connection.userId,
          name: connection.name,
          joinedAt: members.get(connection.id)?.joinedAt ?? new Date().toISOString(),
          expiresAt: Math.floor(Date.now() / 1000) + 7200,
        };
        const isNew = !members.has(connection.id);
        members.set(connection.id, member);
        connection.rooms.add(action.roomId);
        if (isNew) {
          broadcast(action.roomId, {
            type: 'presence',
            roomId: action.roomId,
            change: 'joined',
            member: publicMember(member),
          });
        }
        return {
          type: 'joined',
          roomId: action.roomId,
          members: [...members.values()].map(publicMember),
          you: publicMember(member),
          ...requestId,
        };
      }
      case ClientActionName.leave:
        leaveRoom(connection, action.roomId, 'left');
        return { type: 'left', roomId: action.roomId, ...requestId };
      case ClientActionName.rename: {
        connection.name = action.name;
        for (const roomId of connection.rooms) {
          const members = roomMembers(roomId);
          const member = members.get(connection.id);
          if (member === undefined) continue;
          const renamed = { ...member, name: action.name };
          members.set(connection.id, renamed);
          broadcast(roomId, {
            type: 'presence',
            roomId,
            change: 'renamed',
            member: publicMember(renamed),
          });
        }
        return { type: 'ack', action: 'rename', name: action.name, ...requestId };
      }
      case ClientActionName.sendMessage: {
        authorize(actorOf(connection), {
          action: 'room:post',
          roomId: action.roomId,
          membership: membership(action.roomId),
        });
        const key =
          action.clientMessageId === undefined
            ? undefined
            : `${action.roomId}#${action.clientMessageId}`;
        const earlierId = key === undefined ? undefined : clientMessageIds.get(key);
        if (earlierId !== undefined) {
          const earlier = findMessage(action.roomId, earlierId);
          return {
            type: 'ack',
            action: 'sendMessage',
            message: earlier,
            duplicate: true,
            ...requestId,
          };
        }
        const message = store(action.roomId, connection, action.text, action.clientMessageId);
        if (key !== undefined) clientMessageIds.set(key, message.id);
        broadcast(action.roomId, { type: 'message.created', message });
        return { type: 'ack', action: 'sendMessage', message, ...requestId };
      }
      case ClientActionName.editMessage: {
        const existing = findMessage(action.roomId, action.messageId);
        authorize(actorOf(connection), { action: 'message:edit', message: existing });
        const message: Message = {
          ...existing,
          text: action.text,
          editedAt: new Date().toISOString(),
        };
        replaceMessage(message);
        broadcast(action.roomId, { type: 'message.updated', message });
        return { type: 'ack', action: 'editMessage', message, ...requestId };
      }
      case ClientActionName.deleteMessage: {
        const existing = findMessage(action.roomId, action.messageId);
        authorize(actorOf(connection), { action: 'message:delete', message: existing });
        const message = toTombstone(existing, new Date().toISOString());
        replaceMessage(message);
        broadcast(action.roomId, { type: 'message.deleted', message });
        return { type: 'ack', action: 'deleteMessage', message, ...requestId };
      }
      case ClientActionName.history: {
        authorize(actorOf(connection), {
          action: 'room:read',
          roomId: action.roomId,
          membership: membership(action.roomId),
        });
        const newestFirst = [...roomMessages(action.roomId)].reverse();
        const start =
          action.before === undefined
            ? newestFirst
            : newestFirst.filter((message) => message.id < (action.before ?? ''));
        const page = start.slice(0, action.limit);
        const last = page.at(-1);
        const more = start.length > page.length;
        return {
          type: 'history',
          roomId: action.roomId,
          messages: page,
          ...(more && last !== undefined ? { nextBefore: last.id } : {}),
          ...requestId,
        };
      }
      case ClientActionName.ping:
        return { type: 'pong', serverTime: new Date().toISOString(), ...requestId };
    }
  };

  wss.on('connection', (socket) => {
    acceptedCount += 1;
    const connection: FakeConnection = {
      id: randomUUID(),
      socket,
      userId: newAnonymousUserId(),
      name: `guest-${String(acceptedCount)}`,
      rooms: new Set(),
      frames: [],
    };
    connections.set(connection.id, connection);
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.close(1003, 'Binary frames are not supported');
        return;
      }
      const text = (data as Buffer).toString('utf8');
      connection.frames.push(text);
      frames.push({ connectionId: connection.id, frame: text });
      const parsed = parseClientFrame(text);
      if (!parsed.ok) {
        sendTo(
          connection,
          toErrorEvent(parsed.error, { requestId: parsed.requestId, action: parsed.action }),
        );
        return;
      }
      const action = parsed.value;
      parsedActions.push(action);
      if (server.silentActions.has(action.action)) return;
      const context = { requestId: action.requestId, action: action.action };
      const failure = server.failures.find((candidate) => candidate.action === action.action);
      if (failure !== undefined) {
        if (failure.remaining !== undefined) {
          failure.remaining -= 1;
          if (failure.remaining <= 0) server.failures.splice(server.failures.indexOf(failure), 1);
        }
        sendTo(connection, toErrorEvent(failure.error, context));
        return;
      }
      try {
        const reply = perform(connection, action);
        const delayMs = server.replyDelays.get(action.action);
        if (server.cutBeforeReply.delete(action.action)) socket.terminate();
        else if (delayMs === undefined) sendTo(connection, reply);
        else {
          setTimeout(() => {
            sendTo(connection, reply);
          }, delayMs);
        }
      } catch (error) {
        if (!(error instanceof ChatError)) throw error;
        sendTo(connection, toErrorEvent(error, context));
      }
    });
    socket.on('close', () => {
      connections.delete(connection.id);
      for (const roomId of [...connection.rooms]) leaveRoom(connection, roomId, 'disconnected');
    });
  });

  const closeSocket = (connection: FakeConnection, code: number, reason: string) =>
    new Promise<void>((resolve) => {
      if (connection.socket.readyState === connection.socket.CLOSED) {
        resolve();
        return;
      }
      connection.socket.once('close', () => {
        resolve();
      });
      connection.socket.close(code, reason);
    });

  const server: FakeServer = {
    url: `ws://127.0.0.1:${String(port)}/local`,
    port,
    connections: () => [...connections.values()],
    get acceptedCount() {
      return acceptedCount;
    },
    frames,
    actions: (name) => parsedActions.filter((action) => action.action === name),
    messages: (roomId) => [...roomMessages(roomId)],
    members: (roomId) => [...roomMembers(roomId).values()],
    dropAll: async (code = 1001, reason = 'Going away') => {
      await Promise.all([...connections.values()].map((c) => closeSocket(c, code, reason)));
    },
    drop: async (connectionId, code = 1001, reason = 'Going away') => {
      const connection = connections.get(connectionId);
      if (connection !== undefined) await closeSocket(connection, code, reason);
    },
    terminateAll: () => {
      for (const connection of connections.values()) connection.socket.terminate();
    },
    refuseConnections: false,
    silentActions: new Set(),
    failures: [],
    cutBeforeReply: new Set(),
    replyDelays: new Map(),
    duplicateBroadcasts: false,
    loseEveryNthDelivery: undefined,
    post: (roomId, text, authorName = 'bot') => {
      const message = store(roomId, { userId: `bot-${authorName}`, name: authorName }, text);
      broadcast(roomId, { type: 'message.created', message });
      return message;
    },
    waitFor: async (predicate, timeoutMs = 5000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    close: async () => {
      for (const connection of connections.values()) connection.socket.terminate();
      await new Promise<void>((resolve, reject) => {
        wss.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
      });
    },
  };
  return server;
}
