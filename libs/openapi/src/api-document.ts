import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ACCESS_METADATA, Audience } from '@eventflow/auth';

/** What @nestjs/swagger's compiler plugin would have inferred; see scripts/generate-openapi-metadata.js. */
export type PluginMetadata = () => Promise<Record<string, unknown>>;

const ERROR_SCHEMA = {
  type: 'object',
  required: ['statusCode', 'error', 'message'],
  properties: {
    statusCode: { type: 'integer', example: 409 },
    error: { type: 'string', example: 'Conflict' },
    message: { type: 'string' },
    code: {
      type: 'string',
      description: 'stable identifier of a business error (match on it, not on message)',
      example: 'RESERVATION.SOLD_OUT',
    },
    details: {
      type: 'array',
      description: 'each invalid field',
      items: { type: 'object', properties: { field: { type: 'string' }, problems: { type: 'array', items: { type: 'string' } } } },
    },
  },
  additionalProperties: true,
};

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

/** Who may call each handler, by the operation id Swagger gives it (`Controller_method`). */
function audiences(app: INestApplication): Map<string, Audience[]> {
  const byOperation = new Map<string, Audience[]>();
  for (const module of app.get(ModulesContainer).values())
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        const audience = (Reflect.getMetadata(ACCESS_METADATA, handler) ?? Reflect.getMetadata(ACCESS_METADATA, controller)) as
          Audience[] | undefined;
        if (audience) byOperation.set(`${controller.name}_${method}`, audience);
      }
    }
  return byOperation;
}

/**
 * The service's OpenAPI 3 document: routes, parameters and bodies from the controllers and DTOs
 * (with the plugin's metadata), then what EventFlow adds to every route in one place: the
 * bearer scheme for routes that are not public (a staff API key or a fan's access token), who
 * may call it (`x-eventflow-access`), and the one error shape with the statuses it may take.
 */
export async function apiDocument(app: INestApplication, service: string, metadata?: PluginMetadata): Promise<OpenAPIObject> {
  if (metadata) await SwaggerModule.loadPluginMetadata(metadata);
  const config = new DocumentBuilder()
    .setTitle(`EventFlow ${service}`)
    .setDescription(`The ${service} service's public HTTP API. Field names are Spanish, as in the original design.`)
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'a staff API key (organizer, analyst, admin) or a fan access token' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (controller, method) => `${controller}_${method}` });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, Error: ERROR_SCHEMA } };
  const access = audiences(app);
  for (const operations of Object.values(document.paths))
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      // A controller with two prefixes (/api/events, /api/eventos) numbers its aliases: `Controller_get[1]`.
      const audience = access.get((operation.operationId ?? '').replace(/\[\d+\]$/, '')) ?? [];
      const isPublic = audience.includes('public');
      Object.assign(operation, { 'x-eventflow-access': audience });
      operation.security = isPublic ? [] : [{ bearer: [] }];
      operation.responses = {
        ...operation.responses,
        ...(method === 'get' && !operation.parameters?.length ? {} : { 400: errorResponse('invalid input: `details` names each field') }),
        ...(isPublic
          ? {}
          : {
              401: errorResponse('missing or unknown credential'),
              403: errorResponse('a credential of the wrong role, or another owner’s resource'),
            }),
        429: errorResponse('too many failed authentications from this address (Retry-After)'),
        503: errorResponse('a store or service cannot answer (Retry-After)'),
      };
    }
  return document;
}

/** Serves Swagger UI at /docs and the document at /docs-json (public: the API is public knowledge). */
export async function serveApiDocs(app: INestApplication, service: string, metadata?: PluginMetadata): Promise<void> {
  SwaggerModule.setup('docs', app, await apiDocument(app, service, metadata), {
    jsonDocumentUrl: 'docs-json',
    yamlDocumentUrl: 'docs-yaml',
  });
}
