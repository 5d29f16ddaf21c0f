import { InMemoryConnectionStore, InMemoryMessageStore } from '../../src/memory/index.js';
import { describeConnectionStoreContract } from '../helpers/connection-store-contract.js';
import { describeMessageStoreContract } from '../helpers/message-store-contract.js';

describeConnectionStoreContract('in memory', () => new InMemoryConnectionStore());
describeMessageStoreContract('in memory', () => new InMemoryMessageStore());
