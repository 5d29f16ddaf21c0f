/**
 * The interactive chat's input: plain lines are messages, lines starting with `/` are
 * commands. Pure: parsing never touches the client.
 */

/** A parsed line of interactive input. */
export type ChatCommand =
  | { readonly kind: 'say'; readonly text: string }
  | { readonly kind: 'edit'; readonly target: string; readonly text: string }
  | { readonly kind: 'delete'; readonly target: string }
  | { readonly kind: 'rename'; readonly name: string }
  | { readonly kind: 'join'; readonly roomId: string }
  | { readonly kind: 'leave'; readonly roomId: string | undefined }
  | { readonly kind: 'room'; readonly roomId: string }
  | { readonly kind: 'history'; readonly count: number | undefined }
  | { readonly kind: 'help' }
  | { readonly kind: 'quit' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'invalid'; readonly message: string };

/** Help text of the interactive commands. */
export const COMMAND_HELP = `  TEXT                       send TEXT to the current room
  /edit <#n|messageId> TEXT  replace the text of your message #n
  /delete <#n|messageId>     delete your message #n
  /rename NAME               change your display name
  /join ROOM                 join ROOM and make it the current room
  /leave [ROOM]              leave ROOM (default: the current room)
  /room ROOM                 make ROOM (already joined) the current room
  /history [N]               show the N most recent messages of the current room
  /help                      show this help
  /quit                      leave the chat (Ctrl-D works too)`;

const USAGE = {
  edit: '/edit <#n|messageId> TEXT',
  delete: '/delete <#n|messageId>',
  rename: '/rename NAME',
  join: '/join ROOM',
  room: '/room ROOM',
  history: '/history [N]',
} as const;

/** Splits off the first word of `rest`. */
function firstWord(rest: string): [string, string] {
  const match = /^(\S+)\s*([\s\S]*)$/u.exec(rest);
  return match === null ? ['', ''] : [match[1] ?? '', match[2] ?? ''];
}

/** Parses one line of interactive input. A line starting with `//` sends a literal `/`. */
export function parseCommand(line: string): ChatCommand {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (trimmed.startsWith('//')) return { kind: 'say', text: trimmed.slice(1) };
  if (!trimmed.startsWith('/')) return { kind: 'say', text: trimmed };
  const [command, rest] = firstWord(trimmed.slice(1));
  const invalid = (usage: string): ChatCommand => ({ kind: 'invalid', message: `usage: ${usage}` });
  switch (command.toLowerCase()) {
    case 'edit': {
      const [target, text] = firstWord(rest);
      return target === '' || text.trim() === ''
        ? invalid(USAGE.edit)
        : { kind: 'edit', target, text: text.trim() };
    }
    case 'delete':
    case 'del': {
      const [target, extra] = firstWord(rest);
      return target === '' || extra !== '' ? invalid(USAGE.delete) : { kind: 'delete', target };
    }
    case 'rename':
    case 'nick':
      return rest.trim() === '' ? invalid(USAGE.rename) : { kind: 'rename', name: rest.trim() };
    case 'join': {
      const [roomId, extra] = firstWord(rest);
      return roomId === '' || extra !== '' ? invalid(USAGE.join) : { kind: 'join', roomId };
    }
    case 'leave':
    case 'part': {
      const [roomId] = firstWord(rest);
      return { kind: 'leave', roomId: roomId === '' ? undefined : roomId };
    }
    case 'room': {
      const [roomId, extra] = firstWord(rest);
      return roomId === '' || extra !== '' ? invalid(USAGE.room) : { kind: 'room', roomId };
    }
    case 'history': {
      const [count] = firstWord(rest);
      if (count === '') return { kind: 'history', count: undefined };
      const value = Number(count);
      return Number.isInteger(value) && value > 0
        ? { kind: 'history', count: value }
        : invalid(USAGE.history);
    }
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'quit':
    case 'exit':
    case 'q':
      return { kind: 'quit' };
    default:
      return { kind: 'invalid', message: `unknown command /${command}; type /help` };
  }
}
