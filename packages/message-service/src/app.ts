/**
 * @module @chat/message-service/app
 *
 * The app description of the message service: its functions, their triggers, environment
 * and permissions. The CDKTF app and the local stack both wire from this.
 */
import { fileURLToPath } from 'node:url';
import type { AppDescription } from '@chat/domain';

const handlerPath = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export const messageServiceApp: AppDescription = {
  service: 'message-service',
  functions: [
    {
      name: 'message-websocket',
      description: 'WebSocket sendMessage, editMessage, deleteMessage and history actions',
      entry: handlerPath('./handlers/websocket.js'),
      handler: 'handler',
      triggers: [
        { type: 'websocket', routeKey: 'sendMessage', twoWay: true },
        { type: 'websocket', routeKey: 'editMessage', twoWay: true },
        { type: 'websocket', routeKey: 'deleteMessage', twoWay: true },
        { type: 'websocket', routeKey: 'history', twoWay: true },
      ],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read-write' },
      timeoutSeconds: 10,
      memorySizeMb: 256,
    },
    {
      name: 'message-http',
      description:
        'HTTP GET /rooms/{roomId}/messages (history) and IAM-only POST for server-side callers',
      entry: handlerPath('./handlers/http.js'),
      handler: 'handler',
      triggers: [
        { type: 'http', method: 'GET', path: '/rooms/{roomId}/messages', authorization: 'none' },
        { type: 'http', method: 'POST', path: '/rooms/{roomId}/messages', authorization: 'iam' },
      ],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read-write' },
      timeoutSeconds: 10,
      memorySizeMb: 256,
    },
  ],
};
