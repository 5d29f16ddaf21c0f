/**
 * Just enough of DynamoDB's JSON API and API Gateway's Management API, over `fetch`, for the
 * end-to-end tests to read the table and cut connections. This package depends on no AWS
 * SDK, and the local endpoints check only that a SigV4 `Authorization` header is present
 * (DynamoDB Local runs with `-sharedDb`, so the credential in it does not matter).
 */

/** A table item in DynamoDB's document form (strings, numbers, booleans, lists, maps). */
export type Item = Record<string, unknown>;

/** A SigV4-shaped `Authorization` header: local gateways read its access key, never its signature. */
export function sigV4Authorization(
  accessKey: string,
  service: string,
  region = 'us-east-1',
): string {
  const day = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  return (
    `AWS4-HMAC-SHA256 Credential=${accessKey}/${day}/${region}/${service}/aws4_request, ` +
    `SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`
  );
}

type AttributeValue = Record<string, unknown>;

function fromAttribute(value: AttributeValue): unknown {
  if ('S' in value) return value.S;
  if ('N' in value) return Number(value.N);
  if ('BOOL' in value) return value.BOOL;
  if ('NULL' in value) return null;
  if ('L' in value) return (value.L as AttributeValue[]).map(fromAttribute);
  if ('M' in value) return unmarshall(value.M as Record<string, AttributeValue>);
  if ('SS' in value) return value.SS;
  if ('NS' in value) return (value.NS as string[]).map(Number);
  throw new Error(`Unsupported attribute value ${JSON.stringify(value)}`);
}

function unmarshall(image: Record<string, AttributeValue>): Item {
  return Object.fromEntries(
    Object.entries(image).map(([name, value]) => [name, fromAttribute(value)]),
  );
}

/** Reads the chat table through DynamoDB's JSON API. */
export class TableClient {
  readonly #endpoint: string;
  readonly #tableName: string;
  readonly #region: string;

  public constructor(endpoint: string, tableName: string, region = 'us-east-1') {
    this.#endpoint = endpoint;
    this.#tableName = tableName;
    this.#region = region;
  }

  /** The item with this key, read consistently, or `undefined`. */
  public async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const reply = await this.#call('GetItem', {
      TableName: this.#tableName,
      Key: { pk: { S: key.pk }, sk: { S: key.sk } },
      ConsistentRead: true,
    });
    const item = reply.Item as Record<string, AttributeValue> | undefined;
    return item === undefined ? undefined : unmarshall(item);
  }

  /** Every item of one partition, in sort key order, read consistently. */
  public async partition(pk: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: unknown;
    do {
      const reply = await this.#call('Query', {
        TableName: this.#tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': { S: pk } },
        ConsistentRead: true,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      });
      for (const item of reply.Items as Record<string, AttributeValue>[]) {
        items.push(unmarshall(item));
      }
      start = reply.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  /**
   * Every item of the table. Test tooling only (the services never Scan): it is how a test
   * proves that a bad frame wrote nothing anywhere.
   */
  public async scan(): Promise<Item[]> {
    const items: Item[] = [];
    let start: unknown;
    do {
      const reply = await this.#call('Scan', {
        TableName: this.#tableName,
        ConsistentRead: true,
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      });
      for (const item of reply.Items as Record<string, AttributeValue>[]) {
        items.push(unmarshall(item));
      }
      start = reply.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }

  async #call(operation: string, body: object): Promise<Record<string, unknown>> {
    const response = await fetch(this.#endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDB_20120810.${operation}`,
        'x-amz-date': new Date().toISOString().replace(/[-:]|\.\d{3}/gu, ''),
        authorization: sigV4Authorization('local', 'dynamodb', this.#region),
      },
      body: JSON.stringify(body),
    });
    const reply = (await response.json()) as Record<string, unknown>;
    if (!response.ok) {
      throw new Error(
        `DynamoDB ${operation} failed (${response.status}): ${JSON.stringify(reply)}`,
      );
    }
    return reply;
  }
}

/**
 * `DELETE @connections/{id}` on the Management API, as a backend cuts a client off (the
 * gateway closes the socket). Resolves with the HTTP status (204, or 410 for a gone id).
 */
export async function deleteConnection(
  connectionsEndpoint: string,
  connectionId: string,
): Promise<number> {
  const response = await fetch(
    `${connectionsEndpoint}/@connections/${encodeURIComponent(connectionId)}`,
    { method: 'DELETE', headers: { authorization: sigV4Authorization('admin', 'execute-api') } },
  );
  await response.arrayBuffer();
  return response.status;
}
