/**
 * The wire protocol, version 1 (see `PROTOCOL.md`). Clients send actions selected by their
 * `action` field, as API Gateway's route selection expression `$request.body.action` does;
 * the server sends events selected by their `type` field. Both sides validate with these
 * schemas. Unknown fields are ignored, so the server never takes e.g. a sender name from a
 * `sendMessage` body.
 */
// A namespace import lets bundlers drop what is unused (zod's `z` export pulls in every locale).
import * as z from 'zod';
import {
  DEFAULT_HISTORY_PAGE,
  MAX_FRAME_BYTES,
  MAX_HISTORY_PAGE,
  PROTOCOL_VERSION,
} from './constants.js';
import {
  clientIdSchema,
  displayNameSchema,
  messageIdSchema,
  messageSchema,
  messageTextSchema,
  publicMemberSchema,
  roomIdSchema,
  utf8Bytes,
} from './entities.js';
import {
  BadJsonError,
  ErrorCode,
  FrameTooLargeError,
  InvalidFieldError,
  UnknownActionError,
  UnsupportedVersionError,
  type ChatError,
  type FieldIssue,
} from './errors.js';

/** The action names of protocol version 1. */
export const ClientActionName = {
  join: 'join',
  leave: 'leave',
  rename: 'rename',
  sendMessage: 'sendMessage',
  editMessage: 'editMessage',
  deleteMessage: 'deleteMessage',
  history: 'history',
  ping: 'ping',
} as const;

export type ClientActionName = (typeof ClientActionName)[keyof typeof ClientActionName];

const common = {
  /** Echoed in the reply, so a client can match replies to requests. */
  requestId: clientIdSchema.optional(),
  /** Protocol version; when present it must be 1. */
  v: z.literal(PROTOCOL_VERSION).optional(),
};

export const joinActionSchema = z.object({
  action: z.literal(ClientActionName.join),
  roomId: roomIdSchema,
  /** Sets the connection's display name before joining. */
  name: displayNameSchema.optional(),
  ...common,
});

export const leaveActionSchema = z.object({
  action: z.literal(ClientActionName.leave),
  roomId: roomIdSchema,
  ...common,
});

export const renameActionSchema = z.object({
  action: z.literal(ClientActionName.rename),
  name: displayNameSchema,
  ...common,
});

export const sendMessageActionSchema = z.object({
  action: z.literal(ClientActionName.sendMessage),
  roomId: roomIdSchema,
  text: messageTextSchema,
  /** Idempotency key: a retried send with the same id stores and delivers one message. */
  clientMessageId: clientIdSchema.optional(),
  ...common,
});

export const editMessageActionSchema = z.object({
  action: z.literal(ClientActionName.editMessage),
  roomId: roomIdSchema,
  messageId: messageIdSchema,
  text: messageTextSchema,
  ...common,
});

export const deleteMessageActionSchema = z.object({
  action: z.literal(ClientActionName.deleteMessage),
  roomId: roomIdSchema,
  messageId: messageIdSchema,
  ...common,
});

/** Page size of a history request: 1 to `MAX_HISTORY_PAGE`, default `DEFAULT_HISTORY_PAGE`. */
export const historyLimitSchema = z
  .number()
  .int('must be an integer')
  .min(1, 'must be at least 1')
  .max(MAX_HISTORY_PAGE, `must be at most ${MAX_HISTORY_PAGE}`);

export const historyActionSchema = z.object({
  action: z.literal(ClientActionName.history),
  roomId: roomIdSchema,
  limit: historyLimitSchema.default(DEFAULT_HISTORY_PAGE),
  /** Cursor: only messages older than this message id. */
  before: messageIdSchema.optional(),
  ...common,
});

export const pingActionSchema = z.object({
  action: z.literal(ClientActionName.ping),
  ...common,
});

export const clientActionSchema = z.discriminatedUnion('action', [
  joinActionSchema,
  leaveActionSchema,
  renameActionSchema,
  sendMessageActionSchema,
  editMessageActionSchema,
  deleteMessageActionSchema,
  historyActionSchema,
  pingActionSchema,
]);

export type JoinAction = z.infer<typeof joinActionSchema>;
export type LeaveAction = z.infer<typeof leaveActionSchema>;
export type RenameAction = z.infer<typeof renameActionSchema>;
export type SendMessageAction = z.infer<typeof sendMessageActionSchema>;
export type EditMessageAction = z.infer<typeof editMessageActionSchema>;
export type DeleteMessageAction = z.infer<typeof deleteMessageActionSchema>;
export type HistoryAction = z.infer<typeof historyActionSchema>;
export type PingAction = z.infer<typeof pingActionSchema>;
/** A validated, normalised client action. */
export type ClientAction = z.infer<typeof clientActionSchema>;
/** A client action as a client writes it (defaults not yet applied). */
export type ClientActionInput = z.input<typeof clientActionSchema>;

const actionSchemas: Readonly<Record<ClientActionName, z.ZodType>> = {
  join: joinActionSchema,
  leave: leaveActionSchema,
  rename: renameActionSchema,
  sendMessage: sendMessageActionSchema,
  editMessage: editMessageActionSchema,
  deleteMessage: deleteMessageActionSchema,
  history: historyActionSchema,
  ping: pingActionSchema,
};

/** Whether `name` is an action of this protocol version. */
export function isClientActionName(name: unknown): name is ClientActionName {
  return typeof name === 'string' && Object.hasOwn(ClientActionName, name);
}

/** The result of parsing a frame: a typed action, or the protocol error to send back. */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: ChatError;
      /** The frame's `requestId`, when it had a well-formed one, for the error reply. */
      readonly requestId?: string;
      /** The frame's `action`, when it had a known one. */
      readonly action?: ClientActionName;
    };

/** Converts zod issues into the protocol's field issues. */
export function toFieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(frame)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function requestIdOf(frame: Readonly<Record<string, unknown>>): { requestId?: string } {
  const parsed = clientIdSchema.safeParse(frame.requestId);
  return parsed.success ? { requestId: parsed.data } : {};
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses one client frame: a raw WebSocket text frame, or a value already parsed from JSON.
 * Never throws; a bad frame yields the error to send back with a stable code
 * (`FRAME_TOO_LARGE`, `BAD_JSON`, `UNKNOWN_ACTION`, `UNSUPPORTED_VERSION`, `INVALID_FIELD`).
 */
export function parseClientFrame(raw: unknown): ParseResult<ClientAction> {
  let frame: unknown = raw;
  if (typeof raw === 'string') {
    // Check the cheap bound first so a huge frame is never encoded in full.
    if (raw.length > MAX_FRAME_BYTES || utf8Bytes(raw) > MAX_FRAME_BYTES) {
      return { ok: false, error: new FrameTooLargeError(utf8Bytes(raw), MAX_FRAME_BYTES) };
    }
    try {
      frame = JSON.parse(raw);
    } catch {
      return { ok: false, error: new BadJsonError() };
    }
  }
  if (!isRecord(frame)) {
    return { ok: false, error: new BadJsonError('The frame must be a JSON object.') };
  }
  const requestId = requestIdOf(frame);
  const action = frame.action;
  if (!isClientActionName(action)) {
    return {
      ok: false,
      error: new UnknownActionError(typeof action === 'string' ? action : undefined),
      ...requestId,
    };
  }
  if (frame.v !== undefined && frame.v !== PROTOCOL_VERSION) {
    return { ok: false, error: new UnsupportedVersionError(frame.v), action, ...requestId };
  }
  const parsed = actionSchemas[action].safeParse(frame);
  if (!parsed.success) {
    return {
      ok: false,
      error: new InvalidFieldError(toFieldIssues(parsed.error)),
      action,
      ...requestId,
    };
  }
  return { ok: true, value: parsed.data as ClientAction };
}

/** Server event names of protocol version 1. */
export const ServerEventType = {
  joined: 'joined',
  left: 'left',
  ack: 'ack',
  messageCreated: 'message.created',
  messageUpdated: 'message.updated',
  messageDeleted: 'message.deleted',
  presence: 'presence',
  history: 'history',
  pong: 'pong',
  error: 'error',
} as const;

export type ServerEventType = (typeof ServerEventType)[keyof typeof ServerEventType];

const replyCommon = { requestId: clientIdSchema.optional() };

export const joinedEventSchema = z.object({
  type: z.literal(ServerEventType.joined),
  roomId: roomIdSchema,
  /**
   * The room's members after the join, the caller first; at most `MAX_JOINED_MEMBERS` of
   * them (see `truncated`).
   */
  members: z.array(publicMemberSchema),
  /** `true` when the room has more members than `members` lists. */
  truncated: z.boolean().optional(),
  /** The caller as the room sees it. */
  you: publicMemberSchema,
  ...replyCommon,
});

export const leftEventSchema = z.object({
  type: z.literal(ServerEventType.left),
  roomId: roomIdSchema,
  ...replyCommon,
});

export const ackEventSchema = z.object({
  type: z.literal(ServerEventType.ack),
  action: z.enum(ClientActionName),
  /** The stored message, for `sendMessage`, `editMessage` and `deleteMessage`. */
  message: messageSchema.optional(),
  /** `true` when a `sendMessage` was a retry of one already stored. */
  duplicate: z.boolean().optional(),
  /** The new display name, for `rename`. */
  name: z.string().optional(),
  ...replyCommon,
});

export const messageEventSchema = z.object({
  type: z.enum([
    ServerEventType.messageCreated,
    ServerEventType.messageUpdated,
    ServerEventType.messageDeleted,
  ]),
  message: messageSchema,
});

export const PresenceChange = { joined: 'joined', left: 'left', renamed: 'renamed' } as const;
export type PresenceChange = (typeof PresenceChange)[keyof typeof PresenceChange];

/** Why a member left: it asked to, its connection closed, or its record expired. */
export const LeaveReason = {
  left: 'left',
  disconnected: 'disconnected',
  expired: 'expired',
} as const;
export type LeaveReason = (typeof LeaveReason)[keyof typeof LeaveReason];

export const presenceEventSchema = z.object({
  type: z.literal(ServerEventType.presence),
  roomId: roomIdSchema,
  change: z.enum(PresenceChange),
  member: publicMemberSchema,
  reason: z.enum(LeaveReason).optional(),
});

export const historyEventSchema = z.object({
  type: z.literal(ServerEventType.history),
  roomId: roomIdSchema,
  /** Newest first. */
  messages: z.array(messageSchema),
  /** Pass as `before` to get the next (older) page; absent on the last page. */
  nextBefore: messageIdSchema.optional(),
  ...replyCommon,
});

export const pongEventSchema = z.object({
  type: z.literal(ServerEventType.pong),
  serverTime: z.iso.datetime({ precision: 3 }),
  ...replyCommon,
});

export const errorEventSchema = z.object({
  type: z.literal(ServerEventType.error),
  code: z.string(),
  message: z.string(),
  action: z.string().optional(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  ...replyCommon,
});

export const serverEventSchema = z.union([
  joinedEventSchema,
  leftEventSchema,
  ackEventSchema,
  messageEventSchema,
  presenceEventSchema,
  historyEventSchema,
  pongEventSchema,
  errorEventSchema,
]);

export type JoinedEvent = z.infer<typeof joinedEventSchema>;
export type LeftEvent = z.infer<typeof leftEventSchema>;
export type AckEvent = z.infer<typeof ackEventSchema>;
export type MessageEvent = z.infer<typeof messageEventSchema>;
export type PresenceEvent = z.infer<typeof presenceEventSchema>;
export type HistoryEvent = z.infer<typeof historyEventSchema>;
export type PongEvent = z.infer<typeof pongEventSchema>;
export type ErrorEvent = z.infer<typeof errorEventSchema>;
export type ServerEvent = z.infer<typeof serverEventSchema>;

/** Parses one server frame on the client side. Never throws. */
export function parseServerEvent(raw: unknown): ParseResult<ServerEvent> {
  let frame: unknown = raw;
  if (typeof raw === 'string') {
    try {
      frame = JSON.parse(raw);
    } catch {
      return { ok: false, error: new BadJsonError() };
    }
  }
  const parsed = serverEventSchema.safeParse(frame);
  if (!parsed.success) {
    return { ok: false, error: new InvalidFieldError(toFieldIssues(parsed.error)) };
  }
  return { ok: true, value: parsed.data };
}

/** The `error` event for a domain error; internal errors never leak their message. */
export function toErrorEvent(
  error: ChatError,
  context: { requestId?: string | undefined; action?: string | undefined } = {},
): ErrorEvent {
  const internal = error.code === ErrorCode.INTERNAL_ERROR;
  const details = error instanceof InvalidFieldError ? [...error.issues] : undefined;
  return {
    type: ServerEventType.error,
    code: error.code,
    message: internal ? 'Internal error.' : error.message,
    ...(context.action === undefined ? {} : { action: context.action }),
    ...(details === undefined ? {} : { details }),
    ...(context.requestId === undefined ? {} : { requestId: context.requestId }),
  };
}

/** Serialises a server event for the wire. */
export function serializeEvent(event: ServerEvent): string {
  return JSON.stringify(event);
}
