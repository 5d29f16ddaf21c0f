/**
 * Authorization: every decision "may this actor do this?" goes through `authorize`, so an
 * API Gateway authorizer (and its notion of users and roles) can plug in here later without
 * touching the services.
 */
import type { Message, RoomMember } from './entities.js';
import { ForbiddenError, MessageDeletedError, NotAMemberError, NotAuthorError } from './errors.js';

/** Who is acting: a WebSocket connection, or a trusted server-side service (a bot). */
export interface Actor {
  readonly kind: 'connection' | 'service';
  /** Server-side identity; never taken from a request body. */
  readonly userId: string;
  readonly name: string;
  readonly connectionId?: string;
}

/** The decisions the chat makes, with the facts each one needs. */
export type Decision =
  /** Joining a room: open to every connection until an authorizer restricts rooms. */
  | { readonly action: 'room:join'; readonly roomId: string }
  | {
      readonly action: 'room:post' | 'room:read';
      readonly roomId: string;
      /** The actor's membership of the room, if any. */
      readonly membership: RoomMember | undefined;
    }
  | { readonly action: 'message:edit' | 'message:delete'; readonly message: Message };

/**
 * Allows the decision or throws the error to report. Connections may join any room, and
 * read and post only in rooms they have joined and change only their own messages; services (trusted, IAM-signed
 * callers) may read and post in any room and change no one's messages.
 *
 * @throws {NotAMemberError | NotAuthorError | MessageDeletedError | ForbiddenError}
 */
export function authorize(actor: Actor, decision: Decision): void {
  switch (decision.action) {
    case 'room:join':
      if (actor.kind === 'service') throw new ForbiddenError('Services do not join rooms.');
      return;
    case 'room:post':
    case 'room:read':
      if (actor.kind === 'service') return;
      if (
        decision.membership === undefined ||
        decision.membership.connectionId !== actor.connectionId
      ) {
        throw new NotAMemberError(decision.roomId);
      }
      return;
    case 'message:edit':
    case 'message:delete':
      if (actor.kind === 'service') throw new ForbiddenError('Services cannot change messages.');
      if (decision.message.authorId !== actor.userId) throw new NotAuthorError();
      if (decision.message.deleted && decision.action === 'message:edit') {
        throw new MessageDeletedError(decision.message.id);
      }
      return;
  }
}
