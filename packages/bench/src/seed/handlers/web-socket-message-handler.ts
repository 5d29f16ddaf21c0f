/**
 * BASELINE ONLY: the seed's `webSocketMessageHandler` Lambda: one invocation posts one
 * frame to one connection. Like the article, it builds a Management API client per call
 * and does not handle `410 Gone`.
 */
import {
  ApiGatewayManagementApiClient,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';

export async function handler(event: { connectionId: string; data: string }): Promise<void> {
  const client = new ApiGatewayManagementApiClient({
    endpoint: process.env.CONNECTIONS_ENDPOINT ?? '',
  });
  try {
    await client.send(
      new PostToConnectionCommand({ ConnectionId: event.connectionId, Data: event.data }),
    );
  } finally {
    client.destroy();
  }
}
