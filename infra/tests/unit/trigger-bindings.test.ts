import { describe, expect, it } from 'vitest';
import {
  bindingsFromApps,
  bindingsFromTerraform,
  formatBinding,
} from '../../src/trigger-bindings.js';
import { fixtureApps } from '../fixtures/app.js';
import { synthesizeStack } from '../helpers/synth.js';

describe('trigger bindings', () => {
  const { json } = synthesizeStack();

  it('lists every trigger of the app descriptions, one line each', () => {
    expect(bindingsFromApps(fixtureApps).map(formatBinding)).toEqual([
      'http GET /rooms/{roomId}/messages -> fixture-http',
      'http POST /rooms/{roomId}/messages -> fixture-http',
      'table-stream -> fixture-stream',
      'websocket $connect -> fixture-websocket',
      'websocket $default -> fixture-websocket',
      'websocket $disconnect -> fixture-websocket',
      'websocket sendMessage -> fixture-websocket',
    ]);
  });

  it('reads the same bindings back from the synthesized Terraform', () => {
    expect(bindingsFromTerraform(json)).toEqual(bindingsFromApps(fixtureApps));
  });

  it('notices a route that the Terraform lacks', () => {
    const routes = Object.fromEntries(
      Object.entries(json.resource.aws_apigatewayv2_route!).filter(
        ([, route]) => route.route_key !== 'sendMessage',
      ),
    );

    const bindings = bindingsFromTerraform({
      ...json,
      resource: { ...json.resource, aws_apigatewayv2_route: routes },
    });

    expect(bindings).not.toEqual(bindingsFromApps(fixtureApps));
    expect(bindings.map(formatBinding)).not.toContain('websocket sendMessage -> fixture-websocket');
  });
});
