/**
 * @module @chat/message-service
 */
export { messageServiceApp } from './app.js';
