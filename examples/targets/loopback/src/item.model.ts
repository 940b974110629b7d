import {Entity, model, property} from '@loopback/repository';

// Item is the resource, a LoopBack model as `lb4 model` writes one.
@model()
export class Item extends Entity {
  @property({type: 'number', id: true, generated: true})
  id?: number;

  @property({type: 'string', required: true, jsonSchema: {minLength: 1, maxLength: 50}})
  name: string;

  @property({type: 'number', required: true, jsonSchema: {minimum: 0}})
  price: number;

  @property.array(String)
  tags?: string[];

  constructor(data?: Partial<Item>) {
    super(data);
  }
}
