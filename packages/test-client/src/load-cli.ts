#!/usr/bin/env node
/**
 * @module @chat/test-client/load-cli
 *
 * The `chat-load` bin (see `chat-load --help`).
 */
import { runLoadCli } from './load-cli-main.js';
import { exitWhenDone, interruptSignal } from './process-io.js';

const code = await runLoadCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: interruptSignal(),
});
exitWhenDone(code);
