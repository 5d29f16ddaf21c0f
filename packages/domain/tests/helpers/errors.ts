import { ChatError, ErrorCode } from '../../src/index.js';

/** An internal error whose message must not reach clients. */
export class InternalErrorForTest extends ChatError {
  public constructor(message: string) {
    super(ErrorCode.INTERNAL_ERROR, message);
  }
}
