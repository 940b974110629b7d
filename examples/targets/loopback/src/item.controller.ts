import {inject} from '@loopback/core';
import {del, get, getModelSchemaRef, HttpErrors, param, post, Request, requestBody, response, RestBindings} from '@loopback/rest';
import {Item} from './item.model';

// Tokens of the two identities: admin may write, reader may only read.
const roles: Record<string, string> = {'admin-token': 'admin', 'reader-token': 'reader'};

const store = new Map<number, Item>();
let nextId = 1;
for (const name of ['ham', 'eggs', 'spam']) {
  const id = nextId++;
  store.set(id, new Item({id, name, price: 1.5, tags: ['food']}));
}

const secured = {security: [{bearerAuth: []}], responses: {}};

// ItemController is a small resource in the style of LoopBack's controller
// docs (decorated routes, a model schema for the body).
export class ItemController {
  constructor(@inject(RestBindings.Http.REQUEST) private request: Request) {}

  // requireAdmin throws HttpErrors as LoopBack's docs do. Defect 1:
  // HttpErrors.Unauthorized carries no WWW-Authenticate challenge.
  private requireAdmin() {
    const [type, token] = (this.request.headers.authorization ?? '').split(' ');
    const role = type === 'Bearer' ? roles[token] : undefined;
    if (!role) throw new HttpErrors.Unauthorized('Missing or unknown bearer token');
    if (role !== 'admin') throw new HttpErrors.Forbidden('Admin role required');
  }

  @get('/items')
  @response(200, {
    description: 'Array of Item model instances',
    content: {'application/json': {schema: {type: 'array', items: getModelSchemaRef(Item)}}},
  })
  list(@param.query.integer('limit', {schema: {type: 'integer', format: 'int32', minimum: 1, maximum: 100}}) limit?: number): Item[] {
    return [...store.values()].slice(0, limit ?? 100);
  }

  @post('/items', secured)
  @response(200, {description: 'Item model instance', content: {'application/json': {schema: getModelSchemaRef(Item)}}})
  create(
    @requestBody({
      content: {'application/json': {schema: getModelSchemaRef(Item, {title: 'NewItem', exclude: ['id']})}},
    })
    item: Omit<Item, 'id'>,
  ): Item {
    this.requireAdmin();
    const id = nextId++;
    const created = new Item({...item, id});
    store.set(id, created);
    return created;
  }

  @get('/items/{id}')
  @response(200, {description: 'Item model instance', content: {'application/json': {schema: getModelSchemaRef(Item)}}})
  findById(@param.path.integer('id') id: number): Item {
    const item = store.get(id);
    if (!item) throw new HttpErrors.NotFound(`Entity not found: Item with id ${id}`);
    return item;
  }

  @del('/items/{id}', secured)
  @response(204, {description: 'Item DELETE success'})
  deleteById(@param.path.integer('id') id: number): void {
    this.requireAdmin();
    if (!store.delete(id)) throw new HttpErrors.NotFound(`Entity not found: Item with id ${id}`);
  }

  @get('/health', {'x-visibility': 'undocumented', responses: {}})
  @response(200, {description: 'Ready'})
  health() {
    return {status: 'ok'};
  }
}
