/**
 * The app descriptions this project deploys, in one list.
 */
import { connectionServiceApp } from '@chat/connection-service/app';
import type { AppDescription } from '@chat/domain';
import { messageServiceApp } from '@chat/message-service/app';
import { streamFanoutApp } from '@chat/stream-fanout/app';

/** Every service of the chat backend. */
export const chatApps: readonly AppDescription[] = [
  connectionServiceApp,
  messageServiceApp,
  streamFanoutApp,
];
