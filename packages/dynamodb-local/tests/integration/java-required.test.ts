import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JavaRequiredError, startDynamoDbLocal } from '../../src/index.js';

describe('startDynamoDbLocal without a usable Java', () => {
  let folder: string;

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'no-java-'));
  });

  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('says Java 11+ is required and how to install it when the java command does not exist', async () => {
    const javaCommand = join(folder, 'no-such-java');

    const failure = startDynamoDbLocal({ javaCommand });

    await expect(failure).rejects.toBeInstanceOf(JavaRequiredError);
    await expect(failure).rejects.toThrow(/requires Java 11 or newer/);
    await expect(failure).rejects.toThrow(/apt-get install openjdk-17-jre-headless/);
    await expect(failure).rejects.toThrow(/adoptium\.net/);
  });

  it('says the same when the default java is not on the PATH', async () => {
    const path = process.env.PATH;
    process.env.PATH = folder;
    try {
      const failure = startDynamoDbLocal();

      await expect(failure).rejects.toBeInstanceOf(JavaRequiredError);
      await expect(failure).rejects.toThrow(/"java" was not found/);
    } finally {
      process.env.PATH = path;
    }
  });

  it('says Java 11+ is required when java is too old to load DynamoDB Local', async () => {
    const oldJava = join(folder, 'java8');
    await writeFile(
      oldJava,
      '#!/bin/sh\necho "Error: java.lang.UnsupportedClassVersionError: DynamoDBLocal has been compiled by a more recent version" >&2\nexit 1\n',
    );
    await chmod(oldJava, 0o755);

    const failure = startDynamoDbLocal({ javaCommand: oldJava });

    await expect(failure).rejects.toBeInstanceOf(JavaRequiredError);
    await expect(failure).rejects.toThrow(/is older.*Java 11\+/s);
  });
});
