'use strict';
// A small Fastify resource API written the way the Fastify docs show it:
// JSON-schema validation of body, params and query (Ajv with Fastify's
// defaults), @fastify/swagger generating the description from the route
// schemas, served at /openapi.json. Run: node server.js --port N
const fastify = require('fastify');

const roles = { 'admin-token': 'admin', 'reader-token': 'reader' };

const Item = {
  type: 'object',
  required: ['id', 'name', 'price'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    price: { type: 'number' },
    tags: { type: 'array', items: { type: 'string' } },
  },
};

const ErrorBody = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string' },
    error: { type: 'string' },
    message: { type: 'string' },
  },
};

function port() {
  const i = process.argv.indexOf('--port');
  return i > 0 ? Number(process.argv[i + 1]) : 3000;
}

// httpError is what fastify's default error handler turns into
// {statusCode, error, message}.
function httpError(statusCode, message) {
  const err = new Error(message);
  err.statusCode = statusCode;
  return err;
}

// requireAdmin is an onRequest hook in the style of the Fastify hooks guide.
async function requireAdmin(request, reply) {
  const [type, token] = (request.headers.authorization || '').split(' ');
  const role = type === 'Bearer' ? roles[token] : undefined;
  if (!role) {
    reply.header('WWW-Authenticate', 'Bearer realm="items"');
    throw httpError(401, 'missing or unknown bearer token');
  }
  if (role !== 'admin') {
    throw httpError(403, 'admin role required');
  }
}

async function build() {
  const app = fastify({ logger: { level: 'warn' } });
  await app.register(require('@fastify/swagger'), {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Items', description: 'A small Fastify resource API', version: '1.0.0' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
    },
  });

  const items = new Map();
  let nextId = 1;
  for (const name of ['ham', 'eggs', 'spam']) {
    const id = nextId++;
    items.set(id, { id, name, price: 1.5, tags: ['food'] });
  }
  const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } };

  app.get('/health', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/items', {
    schema: {
      querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 100 } } },
      response: { 200: { type: 'array', items: Item }, 400: ErrorBody },
    },
  }, async (request) => [...items.values()].slice(0, request.query.limit ?? 100));

  app.post('/items', {
    onRequest: requireAdmin,
    schema: {
      security: [{ bearerAuth: [] }],
      body: {
        type: 'object',
        required: ['name', 'price'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 50 },
          price: { type: 'number', minimum: 0 },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
      response: { 201: Item, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
    },
  }, async (request, reply) => {
    const id = nextId++;
    const item = { id, name: request.body.name, price: request.body.price, tags: request.body.tags ?? [] };
    items.set(id, item);
    return reply.code(201).send(item);
  });

  app.get('/items/:id', {
    schema: { params: idParams, response: { 200: Item, 400: ErrorBody, 404: ErrorBody } },
  }, async (request) => {
    const item = items.get(request.params.id);
    if (!item) {
      throw httpError(404, `item ${request.params.id} not found`);
    }
    return item;
  });

  // Defect (careless): the delete handler reads the item without checking
  // that it exists, so an unknown id is a TypeError, which Fastify answers
  // with 500 and the exception's own message.
  app.delete('/items/:id', {
    onRequest: requireAdmin,
    schema: {
      security: [{ bearerAuth: [] }],
      params: idParams,
      response: { 204: { type: 'null', description: 'Deleted' }, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
    },
  }, async (request, reply) => {
    const { name } = items.get(request.params.id);
    items.delete(request.params.id);
    request.log.info(`deleted ${name}`);
    return reply.code(204).send();
  });
  return app;
}

build()
  .then((app) => app.listen({ port: port(), host: '127.0.0.1' }))
  .catch((err) => {
    console.error(err);
    process.exit(1);
  });
