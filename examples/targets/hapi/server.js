'use strict';
// A small hapi resource API written the way the hapi, joi and hapi-swagger
// docs show it: joi schemas in options.validate (payload, query, params)
// with hapi's default failAction, Boom for the errors a handler means, and
// hapi-swagger generating the Swagger 2.0 description, served at
// /swagger.json. Run: node server.js --port N
const Hapi = require('@hapi/hapi');
const Boom = require('@hapi/boom');
const Inert = require('@hapi/inert');
const Vision = require('@hapi/vision');
const HapiSwagger = require('hapi-swagger');
const Joi = require('joi');

const Priority = Joi.string().valid('low', 'normal', 'high');

const Todo = Joi.object({
  id: Joi.number().integer().required(),
  title: Joi.string().required(),
  done: Joi.boolean().required(),
  priority: Priority.required(),
}).label('Todo');

const NewTodo = Joi.object({
  title: Joi.string().min(1).max(100).required(),
  done: Joi.boolean().required(),
  priority: Priority.required(),
}).label('NewTodo');

const ErrorBody = Joi.object({
  statusCode: Joi.number().integer(),
  error: Joi.string(),
  message: Joi.string(),
}).label('Error');

const IdParams = Joi.object({
  id: Joi.number().integer().min(1).required().description('the todo id'),
});

function port() {
  const i = process.argv.indexOf('--port');
  return i > 0 ? Number(process.argv[i + 1]) : 3000;
}

// documented lists the error answers of a route for hapi-swagger.
function documented(...codes) {
  const text = { 400: 'Bad Request', 404: 'Not Found' };
  const responses = {};
  for (const code of codes) {
    responses[code] = { description: text[code], schema: ErrorBody };
  }
  return { 'hapi-swagger': { responses } };
}

// deleted adds the success answer of DELETE, which hapi-swagger cannot
// take from a response schema.
function deleted(plugins) {
  plugins['hapi-swagger'].responses[204] = { description: 'Deleted' };
  return plugins;
}

function routes(todos, nextId) {
  const find = (id) => {
    const todo = todos.get(id);
    if (!todo) {
      throw Boom.notFound(`todo ${id} not found`);
    }
    return todo;
  };
  return [
    {
      method: 'GET',
      path: '/health',
      handler: () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      path: '/todos',
      options: {
        tags: ['api'],
        description: 'List todos',
        validate: {
          query: Joi.object({
            limit: Joi.number().integer().min(1).max(100).default(20),
            offset: Joi.number().integer().min(0).default(0),
          }),
        },
        response: { schema: Joi.array().items(Todo).label('Todos') },
        plugins: documented(400),
      },
      handler: (request) => {
        const { limit, offset } = request.query;
        return [...todos.values()].slice(offset, offset + limit);
      },
    },
    {
      method: 'POST',
      path: '/todos',
      options: {
        tags: ['api'],
        description: 'Create a todo',
        validate: { payload: NewTodo },
        response: { status: { 201: Todo } },
        plugins: documented(400),
      },
      handler: (request, h) => {
        const id = nextId();
        const todo = { id, ...request.payload };
        todos.set(id, todo);
        return h.response(todo).code(201);
      },
    },
    {
      method: 'GET',
      path: '/todos/{id}',
      options: {
        tags: ['api'],
        description: 'Get a todo',
        validate: { params: IdParams },
        response: { schema: Todo },
        plugins: documented(400, 404),
      },
      handler: (request) => find(request.params.id),
    },
    {
      method: 'PUT',
      path: '/todos/{id}',
      options: {
        tags: ['api'],
        description: 'Replace a todo',
        validate: { params: IdParams, payload: NewTodo },
        response: { schema: Todo },
        plugins: documented(400, 404),
      },
      // Slip (careless): the item is not looked up with find, so an
      // unknown id makes Object.assign throw a TypeError: hapi answers 500.
      handler: (request) => Object.assign(todos.get(request.params.id), request.payload),
    },
    {
      method: 'DELETE',
      path: '/todos/{id}',
      options: {
        tags: ['api'],
        description: 'Delete a todo',
        validate: { params: IdParams },
        plugins: deleted(documented(400, 404)),
      },
      // Slip (careless): a plain Error in place of Boom.notFound; hapi
      // answers any error that is not a Boom with 500.
      handler: (request, h) => {
        if (!todos.delete(request.params.id)) {
          throw new Error(`todo ${request.params.id} not found`);
        }
        return h.response().code(204);
      },
    },
  ];
}

async function start() {
  const server = Hapi.server({ port: port(), host: '127.0.0.1' });
  await server.register([
    Inert,
    Vision,
    {
      plugin: HapiSwagger,
      options: { info: { title: 'Todos', version: '1.0.0' } },
    },
  ]);
  const todos = new Map();
  let last = 0;
  const nextId = () => ++last;
  for (const [title, priority] of [['buy milk', 'normal'], ['write report', 'high'], ['water plants', 'low']]) {
    const id = nextId();
    todos.set(id, { id, title, done: false, priority });
  }
  server.route(routes(todos, nextId));
  await server.start();
  console.log(`listening on ${server.info.uri}`);
}

process.on('unhandledRejection', (err) => {
  console.error(err);
  process.exit(1);
});

start();
