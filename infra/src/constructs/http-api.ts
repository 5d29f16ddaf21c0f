/**
 * The API Gateway HTTP API: payload format 2.0 Lambda integrations, CORS, `AWS_IAM`
 * authorization on server-side routes, and a throttled stage with JSON access logs.
 */
import type { HttpTrigger } from '@chat/domain';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api/index.js';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration/index.js';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route/index.js';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Lazy } from 'cdktf';
import { Construct } from 'constructs';
import { InfraError } from '../errors.js';
import { HTTP_ACCESS_LOG_FORMAT } from './access-log.js';
import type { ChatFunction } from './chat-function.js';
import type { ThrottlingOptions } from './websocket-api.js';

/** Cross-origin settings for browser clients. */
export interface CorsOptions {
  /** Origins allowed to call the API, e.g. `https://chat.example.com`; `*` for any. */
  readonly allowOrigins: readonly string[];
  /** How long browsers may cache a preflight answer (default 300 s). */
  readonly maxAgeSeconds?: number;
}

/** Options of {@link HttpApi}. */
export interface HttpApiOptions {
  readonly namePrefix: string;
  /** Stage name; part of the URL and of every ARN scoped to it. */
  readonly stage: string;
  readonly throttling: ThrottlingOptions;
  readonly logRetentionDays: number;
  readonly cors: CorsOptions;
}

/** Headers a browser may send: JSON bodies and SigV4 signatures. */
const CORS_ALLOW_HEADERS = [
  'authorization',
  'content-type',
  'x-amz-content-sha256',
  'x-amz-date',
  'x-amz-security-token',
];

/** `/rooms/{roomId}/messages` → `/rooms/*\/messages`, the form of a path in an execute-api ARN. */
export function arnPath(path: string): string {
  return path.replace(/\{[^}]+\}/g, '*');
}

/** An HTTP API with its stage; functions are attached with {@link HttpApi.addRoute}. */
export class HttpApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly routes = new Map<string, Apigatewayv2Route>();
  private readonly integrations = new Map<ChatFunction, Apigatewayv2Integration>();
  private readonly methods = new Set<string>();

  constructor(scope: Construct, id: string, options: HttpApiOptions) {
    super(scope, id);
    const name = `${options.namePrefix}-http`;

    this.api = new Apigatewayv2Api(this, 'api', {
      name,
      protocolType: 'HTTP',
      corsConfiguration: {
        allowOrigins: [...options.cors.allowOrigins],
        // Only the methods that have routes, known once every route is added.
        allowMethods: Lazy.listValue({ produce: () => [...this.methods].sort() }),
        allowHeaders: CORS_ALLOW_HEADERS,
        maxAge: options.cors.maxAgeSeconds ?? 300,
      },
    });
    this.accessLogGroup = new CloudwatchLogGroup(this, 'access-logs', {
      name: `/aws/apigateway/${name}/${options.stage}`,
      retentionInDays: options.logRetentionDays,
    });
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: options.stage,
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingBurstLimit: options.throttling.burstLimit,
        throttlingRateLimit: options.throttling.rateLimit,
      },
      accessLogSettings: {
        destinationArn: this.accessLogGroup.arn,
        format: HTTP_ACCESS_LOG_FORMAT,
      },
    });
  }

  /** `https://{api}.execute-api.{region}.amazonaws.com/{stage}`. */
  get url(): string {
    return this.stage.invokeUrl;
  }

  /**
   * Routes `METHOD path` to the function through its payload 2.0 integration (one per
   * function), with `AWS_IAM` authorization when the trigger asks for it, and an invoke
   * permission for this method and path only.
   */
  addRoute(trigger: HttpTrigger, fn: ChatFunction): Apigatewayv2Route {
    const routeKey = `${trigger.method} ${trigger.path}`;
    if (this.routes.has(routeKey)) {
      throw new InfraError('DUPLICATE_ROUTE', `HTTP route "${routeKey}" is defined twice`);
    }
    const route = new Apigatewayv2Route(this, `route-${routeKey}`, {
      apiId: this.api.id,
      routeKey,
      target: `integrations/${this.integrationOf(fn).id}`,
      authorizationType: trigger.authorization === 'iam' ? 'AWS_IAM' : 'NONE',
    });
    new LambdaPermission(this, `route-${routeKey}-permission`, {
      statementId: `http-${trigger.method}-${trigger.path.replace(/[^A-Za-z0-9]+/g, '-')}`,
      action: 'lambda:InvokeFunction',
      functionName: fn.lambda.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/${this.stage.name}/${trigger.method}${arnPath(trigger.path)}`,
    });
    this.methods.add(trigger.method);
    this.routes.set(routeKey, route);
    return route;
  }

  private integrationOf(fn: ChatFunction): Apigatewayv2Integration {
    let integration = this.integrations.get(fn);
    if (integration === undefined) {
      integration = new Apigatewayv2Integration(this, `integration-${fn.description.name}`, {
        apiId: this.api.id,
        integrationType: 'AWS_PROXY',
        integrationMethod: 'POST',
        integrationUri: fn.invokeArn,
        payloadFormatVersion: '2.0',
      });
      this.integrations.set(fn, integration);
    }
    return integration;
  }
}
