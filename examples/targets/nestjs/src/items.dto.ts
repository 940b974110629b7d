import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

// CreateItemDto is the body of POST /items, validated by the global
// ValidationPipe as the NestJS validation guide shows.
export class CreateItemDto {
  @ApiProperty({ example: 'ham', maxLength: 50 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  name: string;

  @ApiProperty({ example: 4.5, minimum: 0 })
  @IsNumber()
  @Min(0)
  price: number;

  // Defect 2 (careless): `each: true` validates the items of an array, but
  // nothing says the value must be an array, so "tags": "x" passes and the
  // controller's tags.map throws.
  @ApiPropertyOptional({ type: [String], example: ['food'] })
  @IsOptional()
  @IsString({ each: true })
  tags?: string[];
}

// ListItemsQuery is the query of GET /items.
export class ListItemsQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, example: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

// Item is what the API returns.
export class Item {
  @ApiProperty({ example: 1 })
  id: number;

  @ApiProperty({ example: 'ham' })
  name: string;

  @ApiProperty({ example: 4.5 })
  price: number;

  @ApiProperty({ type: [String], example: ['food'] })
  tags: string[];
}
