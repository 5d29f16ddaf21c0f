/**
 * @module @chat/connection-service/app
 *
 * The app description of the connection service: its functions, their triggers,
 * environment and permissions. The CDKTF app and the local stack both wire from this.
 */
import { fileURLToPath } from 'node:url';
import type { AppDescription } from '@chat/domain';

const handlerPath = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export const connectionServiceApp: AppDescription = {
  service: 'connection-service',
  functions: [
    {
      name: 'connection-websocket',
      description:
        'WebSocket $connect, $disconnect, $default and the join, leave, rename, ping actions',
      entry: handlerPath('./handlers/websocket.js'),
      handler: 'handler',
      triggers: [
        { type: 'websocket', routeKey: '$connect', twoWay: false },
        { type: 'websocket', routeKey: '$disconnect', twoWay: false },
        { type: 'websocket', routeKey: '$default', twoWay: true },
        { type: 'websocket', routeKey: 'join', twoWay: true },
        { type: 'websocket', routeKey: 'leave', twoWay: true },
        { type: 'websocket', routeKey: 'rename', twoWay: true },
        { type: 'websocket', routeKey: 'ping', twoWay: true },
      ],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read-write' },
      timeoutSeconds: 10,
      memorySizeMb: 256,
    },
    {
      name: 'connection-http',
      description: 'HTTP GET /rooms/{roomId}/members',
      entry: handlerPath('./handlers/http.js'),
      handler: 'handler',
      triggers: [
        { type: 'http', method: 'GET', path: '/rooms/{roomId}/members', authorization: 'none' },
      ],
      environment: { TABLE_NAME: { from: 'tableName' } },
      permissions: { table: 'read' },
      timeoutSeconds: 10,
      memorySizeMb: 256,
    },
  ],
};
