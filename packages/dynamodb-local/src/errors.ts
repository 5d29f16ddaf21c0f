/**
 * Errors of `@chat/dynamodb-local`. Each message says what to do about it, because the
 * person reading it is usually someone whose test run just failed.
 */

/** Base class of every error this package raises. */
export class DynamoDbLocalError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DynamoDbLocalError';
  }
}

/** How to get a Java runtime, for the messages below. */
const INSTALL_JAVA =
  'Install a Java 11+ runtime, for example `sudo apt-get install openjdk-17-jre-headless` ' +
  '(Debian/Ubuntu), `brew install openjdk@17` (macOS) or Eclipse Temurin from ' +
  'https://adoptium.net, and check that `java -version` works in this shell.';

/** `java` is not on the PATH (or the given command does not exist), or it is older than 11. */
export class JavaRequiredError extends DynamoDbLocalError {
  public readonly javaCommand: string;

  public constructor(javaCommand: string, reason: 'missing' | 'too-old', options?: ErrorOptions) {
    super(
      reason === 'missing'
        ? `DynamoDB Local requires Java 11 or newer, but "${javaCommand}" was not found. ${INSTALL_JAVA}`
        : `DynamoDB Local requires Java 11 or newer, but "${javaCommand}" is older. ${INSTALL_JAVA}`,
      options,
    );
    this.name = 'JavaRequiredError';
    this.javaCommand = javaCommand;
  }
}

/** DynamoDB Local exited or stayed silent before it answered its first request. */
export class DynamoDbLocalStartError extends DynamoDbLocalError {
  /** The last lines DynamoDB Local wrote, for diagnosis. */
  public readonly output: string;

  public constructor(message: string, output: string, options?: ErrorOptions) {
    super(
      output === '' ? message : `${message}\n--- DynamoDB Local output ---\n${output}`,
      options,
    );
    this.name = 'DynamoDbLocalStartError';
    this.output = output;
  }
}

/** The table exists or was created but did not become usable in time. */
export class TableSetupError extends DynamoDbLocalError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TableSetupError';
  }
}
