/**
 * @module @chat/stream-fanout
 */
export { streamFanoutApp } from './app.js';
