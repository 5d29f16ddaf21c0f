import { DynamoConnectionStore, DynamoMessageStore } from '../../src/dynamodb/index.js';
import { describeConnectionStoreContract } from '../helpers/connection-store-contract.js';
import { useTestTable } from '../helpers/dynamo-table.js';
import { describeMessageStoreContract } from '../helpers/message-store-contract.js';

// Every test uses fresh ids, so the whole contract shares one table.
const table = useTestTable('contract');

describeConnectionStoreContract(
  'DynamoDB',
  () => new DynamoConnectionStore({ tableName: table().tableName, client: table().documentClient }),
);
describeMessageStoreContract(
  'DynamoDB',
  () => new DynamoMessageStore({ tableName: table().tableName, client: table().documentClient }),
);
