/**
 * Where DynamoDB Local lives: AWS's jar as shipped inside the npm package
 * `amplify-dynamodb-simulator` (folder `emulator/`). Only the files are used; none of that
 * package's JavaScript runs.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DynamoDbLocalError } from './errors.js';

/** Absolute paths of the DynamoDB Local jar and the native libraries it loads. */
export interface EmulatorFiles {
  readonly directory: string;
  readonly jar: string;
  readonly libraryPath: string;
}

/** Finds DynamoDB Local's files. */
export function emulatorFiles(): EmulatorFiles {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve('amplify-dynamodb-simulator/package.json');
  const directory = join(dirname(packageJson), 'emulator');
  const files = {
    directory,
    jar: join(directory, 'DynamoDBLocal.jar'),
    libraryPath: join(directory, 'DynamoDBLocal_lib'),
  };
  if (!existsSync(files.jar) || !existsSync(files.libraryPath)) {
    throw new DynamoDbLocalError(
      `DynamoDB Local's jar is missing from ${directory}; reinstall amplify-dynamodb-simulator (pnpm install).`,
    );
  }
  return files;
}
