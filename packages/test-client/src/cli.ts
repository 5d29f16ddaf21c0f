#!/usr/bin/env node
/**
 * @module @chat/test-client/cli
 *
 * The `chat` bin: `chat --room lobby --name alice` (see `chat --help`).
 */
import { runChatCli } from './cli-main.js';
import { exitWhenDone, interruptSignal } from './process-io.js';

const code = await runChatCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interruptSignal(),
});
exitWhenDone(code);
