/**
 * @module @chat/connection-service
 */
export { connectionServiceApp } from './app.js';
