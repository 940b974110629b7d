import {
  Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, ParseIntPipe, Post, Query, SetMetadata, UseGuards,
} from '@nestjs/common';
import {
  ApiBadRequestResponse, ApiBearerAuth, ApiCreatedResponse, ApiForbiddenResponse, ApiNoContentResponse,
  ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ADMIN, BearerGuard } from './auth.guard';
import { CreateItemDto, Item, ListItemsQuery } from './items.dto';

// ItemsController is a small resource in the style of the NestJS docs.
@ApiTags('items')
@Controller('items')
export class ItemsController {
  private items = new Map<number, Item>();
  private nextId = 1;

  constructor() {
    for (const name of ['ham', 'eggs', 'spam']) {
      const id = this.nextId++;
      this.items.set(id, { id, name, price: 1.5, tags: ['food'] });
    }
  }

  @Get()
  @ApiOkResponse({ type: [Item] })
  @ApiBadRequestResponse({ description: 'Invalid query.' })
  list(@Query() query: ListItemsQuery): Item[] {
    return [...this.items.values()].slice(0, query.limit ?? 100);
  }

  @Post()
  @ApiBearerAuth()
  @UseGuards(BearerGuard)
  @SetMetadata('role', ADMIN)
  @ApiCreatedResponse({ type: Item })
  @ApiBadRequestResponse({ description: 'Invalid body.' })
  @ApiUnauthorizedResponse({ description: 'Missing or unknown bearer token.' })
  @ApiForbiddenResponse({ description: 'Admin role required.' })
  create(@Body() dto: CreateItemDto): Item {
    const id = this.nextId++;
    const item = { id, name: dto.name, price: dto.price, tags: (dto.tags ?? []).map((t) => t.trim()) };
    this.items.set(id, item);
    return item;
  }

  @Get(':id')
  @ApiOkResponse({ type: Item })
  @ApiBadRequestResponse({ description: 'The id is not an integer.' })
  @ApiNotFoundResponse({ description: 'No such item.' })
  get(@Param('id', ParseIntPipe) id: number): Item {
    const item = this.items.get(id);
    if (!item) {
      throw new NotFoundException(`Item ${id} not found`);
    }
    return item;
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiBearerAuth()
  @UseGuards(BearerGuard)
  @SetMetadata('role', ADMIN)
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiUnauthorizedResponse({ description: 'Missing or unknown bearer token.' })
  @ApiForbiddenResponse({ description: 'Admin role required.' })
  @ApiNotFoundResponse({ description: 'No such item.' })
  remove(@Param('id', ParseIntPipe) id: number): void {
    if (!this.items.delete(id)) {
      throw new NotFoundException(`Item ${id} not found`);
    }
  }
}
