'use strict';
// Express + express-openapi-validator serving the Swagger Petstore 3
// description, for errprobe's end-to-end suite. The description is read at
// run time from --spec (the repository's testdata/specs copy); requests are
// validated against it, security is checked by handlers per scheme, and one
// error handler turns every error into JSON. See EXPECTED.md.
//
//   node server.js --spec ../../../testdata/specs/swagger-petstore3/openapi.yaml --port 18100

const express = require('express');
const OpenApiValidator = require('express-openapi-validator');

function parseArgs(argv) {
  const args = { host: '127.0.0.1', port: 18100, spec: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in args) || argv[i + 1] === undefined) {
      throw new Error(`usage: node server.js --spec FILE [--port N] [--host H] (bad argument ${argv[i]})`);
    }
    args[key] = key === 'port' ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!args.spec) throw new Error('--spec FILE is required (the Petstore 3 openapi.yaml)');
  return args;
}

// Identities: bearer tokens for the oauth2 scheme with their scopes, and the
// API key of the api_key scheme.
const TOKENS = { 'admin-token': ['write:pets', 'read:pets'], 'reader-token': ['read:pets'] };
const API_KEY = 'special-key';
const CHALLENGE = {
  petstore_auth: 'Bearer realm="petstore"',
  api_key: 'APIKey realm="petstore", header="api_key"',
};

class AuthError extends Error {
  constructor(status, message, scheme) {
    super(message);
    this.status = status;
    this.scheme = scheme;
  }
}

const securityHandlers = {
  petstore_auth(req, scopes) {
    const h = req.get('Authorization');
    if (!h) throw new AuthError(401, 'missing bearer token', 'petstore_auth');
    const m = /^Bearer\s+(\S+)$/i.exec(h);
    const have = m && TOKENS[m[1]];
    if (!have) throw new AuthError(401, 'invalid bearer token', 'petstore_auth');
    // The description lists both scopes on every operation; a write needs write:pets.
    const need = req.method === 'GET' ? 'read:pets' : 'write:pets';
    if (scopes.includes(need) && !have.includes(need)) {
      throw new AuthError(403, `token lacks the ${need} scope`, 'petstore_auth');
    }
    return true;
  },
  api_key(req) {
    const key = req.get('api_key');
    if (!key) throw new AuthError(401, "missing 'api_key' header", 'api_key');
    if (key !== API_KEY) throw new AuthError(401, 'invalid api_key', 'api_key');
    return true;
  },
};

function seed() {
  return {
    pets: new Map([
      [10, { id: 10, name: 'doggie', photoUrls: ['https://example.com/d.png'], status: 'available', category: { id: 1, name: 'Dogs' }, tags: [] }],
      [11, { id: 11, name: 'kitty', photoUrls: [], status: 'pending', tags: [{ id: 1, name: 'cat' }] }],
    ]),
    orders: new Map([[10, { id: 10, petId: 10, quantity: 1, status: 'approved', complete: false }]]),
    users: new Map([['theUser', { id: 10, username: 'theUser', firstName: 'John', lastName: 'James', email: 'john@email.com', password: '12345', phone: '12345', userStatus: 1 }]]),
  };
}

function notFound(res, what) {
  res.status(404).json({ message: `${what} not found`, errors: [] });
}

function routes(db) {
  const r = express.Router();
  const savePet = (req, res) => {
    const pet = { ...req.body, id: req.body.id ?? db.pets.size + 100 };
    db.pets.set(pet.id, pet);
    res.json(pet);
  };
  r.post('/pet', savePet);
  r.put('/pet', (req, res) => (db.pets.has(req.body.id) ? savePet(req, res) : notFound(res, 'pet')));
  r.get('/pet/findByStatus', (req, res) =>
    res.json([...db.pets.values()].filter((p) => p.status === (req.query.status || 'available'))));
  r.get('/pet/findByTags', (req, res) => {
    const tags = [].concat(req.query.tags || []);
    res.json([...db.pets.values()].filter((p) => (p.tags || []).some((t) => tags.includes(t.name))));
  });
  r.get('/pet/:petId', (req, res) => {
    const pet = db.pets.get(Number(req.params.petId));
    return pet ? res.json(pet) : notFound(res, 'pet');
  });
  r.post('/pet/:petId', (req, res) => {
    const pet = db.pets.get(Number(req.params.petId));
    if (!pet) return notFound(res, 'pet');
    if (req.query.name) pet.name = req.query.name;
    if (req.query.status) pet.status = req.query.status;
    return res.json(pet);
  });
  r.delete('/pet/:petId', (req, res) => (db.pets.delete(Number(req.params.petId)) ? res.json({ message: 'deleted' }) : notFound(res, 'pet')));
  r.post('/pet/:petId/uploadImage', (req, res) =>
    db.pets.has(Number(req.params.petId))
      ? res.json({ code: 200, type: 'unknown', message: `uploaded ${req.body ? req.body.length : 0} bytes` })
      : notFound(res, 'pet'));
  r.get('/store/inventory', (req, res) => {
    const inv = {};
    for (const p of db.pets.values()) inv[p.status] = (inv[p.status] || 0) + 1;
    res.json(inv);
  });
  r.post('/store/order', (req, res) => {
    const order = { ...req.body, id: req.body.id ?? db.orders.size + 100 };
    db.orders.set(order.id, order);
    res.json(order);
  });
  r.get('/store/order/:orderId', (req, res) => {
    const o = db.orders.get(Number(req.params.orderId));
    return o ? res.json(o) : notFound(res, 'order');
  });
  r.delete('/store/order/:orderId', (req, res) => (db.orders.delete(Number(req.params.orderId)) ? res.json({ message: 'deleted' }) : notFound(res, 'order')));
  r.post('/user', (req, res) => {
    db.users.set(req.body.username, req.body);
    res.json(req.body);
  });
  r.post('/user/createWithList', (req, res) => {
    for (const u of req.body) db.users.set(u.username, u);
    res.json(req.body[0] || {});
  });
  r.get('/user/login', (req, res) => {
    res.set({ 'X-Rate-Limit': '5000', 'X-Expires-After': new Date(Date.now() + 3600e3).toISOString() });
    res.json(`logged in user session: ${req.query.username || 'anonymous'}`);
  });
  r.get('/user/logout', (req, res) => res.json({ message: 'logged out' }));
  r.get('/user/:username', (req, res) => {
    const u = db.users.get(req.params.username);
    return u ? res.json(u) : notFound(res, 'user');
  });
  r.put('/user/:username', (req, res) => {
    if (!db.users.has(req.params.username)) return notFound(res, 'user');
    db.users.set(req.params.username, req.body);
    return res.json({ message: 'updated' });
  });
  r.delete('/user/:username', (req, res) => (db.users.delete(req.params.username) ? res.json({ message: 'deleted' }) : notFound(res, 'user')));
  return r;
}

// errorHandler formats validator, security and body-parser errors as
// {message, errors} JSON and adds the challenge RFC 9110 §11.6.1 wants on 401.
function errorHandler(err, req, res, _next) {
  const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 600 ? err.status : 500;
  if (status === 401) {
    const schemes = req.openapi && req.openapi.schema && req.openapi.schema.security;
    const names = schemes ? [...new Set(schemes.flatMap((s) => Object.keys(s)))] : ['petstore_auth'];
    res.set('WWW-Authenticate', names.map((n) => CHALLENGE[n]).filter(Boolean).join(', '));
  }
  if (err.headers) res.set(err.headers);
  if (status >= 500) console.error(err);
  res.status(status).json({
    message: status >= 500 ? 'internal server error' : err.message,
    errors: (err.errors || []).map((e) => ({ path: e.path, message: e.message, errorCode: e.errorCode })),
  });
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', (req, res) => res.json({ ok: true }));
  app.use(express.json());
  app.use(express.text({ type: ['application/xml', 'text/plain'] }));
  app.use(express.urlencoded({ extended: false }));
  app.use(express.raw({ type: 'application/octet-stream' }));
  app.use(
    OpenApiValidator.middleware({
      apiSpec: args.spec,
      validateRequests: true,
      validateResponses: false,
      validateSecurity: { handlers: securityHandlers },
    }),
  );
  app.use('/api/v3', routes(seed()));
  app.use((req, res) => res.status(404).json({ message: `no route for ${req.method} ${req.path}`, errors: [] }));
  app.use(errorHandler);
  app.listen(args.port, args.host, () => console.log(`listening on http://${args.host}:${args.port}`));
}

main();
