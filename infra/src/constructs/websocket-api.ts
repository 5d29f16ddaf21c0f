/**
 * The API Gateway WebSocket API: routes selected by `$request.body.action`, one Lambda
 * integration per route, and a throttled stage with JSON access logs.
 */
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api/index.js';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration/index.js';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route/index.js';
import { Apigatewayv2RouteResponse } from '@cdktf/provider-aws/lib/apigatewayv2-route-response/index.js';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage/index.js';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
import { Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { InfraError } from '../errors.js';
import { WEBSOCKET_ACCESS_LOG_FORMAT } from './access-log.js';
import type { ChatFunction } from './chat-function.js';

/** The selection expression: the route is the frame's `action` field. */
export const ROUTE_SELECTION_EXPRESSION = '$request.body.action';

/** Stage-wide throttling, applied to every route. */
export interface ThrottlingOptions {
  /** Requests (WebSocket: messages) admitted at once above the steady rate. */
  readonly burstLimit: number;
  /** Steady-state requests per second. */
  readonly rateLimit: number;
}

/** Options of {@link WebSocketApi}. */
export interface WebSocketApiOptions {
  readonly namePrefix: string;
  /** Stage name; part of the URL, the Management API endpoint and every ARN scoped to it. */
  readonly stage: string;
  readonly throttling: ThrottlingOptions;
  readonly logRetentionDays: number;
  /**
   * What must exist before the stage can log: API Gateway writes WebSocket access logs with
   * the account's CloudWatch role (`aws_api_gateway_account`).
   */
  readonly loggingDependsOn?: readonly ITerraformDependable[];
}

/** Options of one route. */
export interface WebSocketRouteOptions {
  /** The handler's returned body goes back to the caller (a `$default` route response). */
  readonly twoWay: boolean;
}

/** A WebSocket API with its stage; functions are attached with {@link WebSocketApi.addRoute}. */
export class WebSocketApi extends Construct {
  readonly api: Apigatewayv2Api;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly routes = new Map<string, Apigatewayv2Route>();

  constructor(scope: Construct, id: string, options: WebSocketApiOptions) {
    super(scope, id);
    const name = `${options.namePrefix}-websocket`;

    this.api = new Apigatewayv2Api(this, 'api', {
      name,
      protocolType: 'WEBSOCKET',
      routeSelectionExpression: ROUTE_SELECTION_EXPRESSION,
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
        dataTraceEnabled: false,
        loggingLevel: 'OFF',
      },
      accessLogSettings: {
        destinationArn: this.accessLogGroup.arn,
        format: WEBSOCKET_ACCESS_LOG_FORMAT,
      },
      ...(options.loggingDependsOn === undefined
        ? {}
        : { dependsOn: [...options.loggingDependsOn] }),
    });
  }

  /** `wss://{api}.execute-api.{region}.amazonaws.com/{stage}`: what clients connect to. */
  get url(): string {
    return this.stage.invokeUrl;
  }

  /** `https://{api}.execute-api.{region}.amazonaws.com/{stage}`: the Management API endpoint. */
  get managementEndpoint(): string {
    return `${Fn.replace(this.api.apiEndpoint, 'wss://', 'https://')}/${this.stage.name}`;
  }

  /** ARN of every connection of this stage for one Management API method. */
  connectionsArn(method: 'POST' | 'GET' | 'DELETE'): string {
    return `${this.api.executionArn}/${this.stage.name}/${method}/@connections/*`;
  }

  /**
   * Routes `routeKey` to the function: a Lambda proxy integration, the route, a `$default`
   * route response for two-way routes, and an invoke permission for this route only.
   */
  addRoute(routeKey: string, fn: ChatFunction, options: WebSocketRouteOptions): Apigatewayv2Route {
    if (this.routes.has(routeKey)) {
      throw new InfraError('DUPLICATE_ROUTE', `WebSocket route "${routeKey}" is defined twice`);
    }
    const id = `route-${routeKey}`;
    const integration = new Apigatewayv2Integration(this, `${id}-integration`, {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationMethod: 'POST',
      integrationUri: fn.invokeArn,
    });
    const route = new Apigatewayv2Route(this, id, {
      apiId: this.api.id,
      routeKey,
      target: `integrations/${integration.id}`,
      ...(options.twoWay ? { routeResponseSelectionExpression: '$default' } : {}),
    });
    // A proxy integration passes the handler's result through as is, so two-way routes need a
    // route response but no integration response (API Gateway has none for proxy integrations).
    if (options.twoWay) {
      new Apigatewayv2RouteResponse(this, `${id}-response`, {
        apiId: this.api.id,
        routeId: route.id,
        routeResponseKey: '$default',
      });
    }
    new LambdaPermission(this, `${id}-permission`, {
      statementId: `websocket-${routeKey.replace('$', '_')}`,
      action: 'lambda:InvokeFunction',
      functionName: fn.lambda.functionName,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/${this.stage.name}/${routeKey}`,
    });
    this.routes.set(routeKey, route);
    return route;
  }
}
