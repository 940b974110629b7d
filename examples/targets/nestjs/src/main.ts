import 'reflect-metadata';
import { Module, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { HealthController } from './health.controller';
import { ItemsController } from './items.controller';

@Module({ controllers: [ItemsController, HealthController] })
class AppModule {}

// port reads --port N (default 3000).
function port(): number {
  const i = process.argv.indexOf('--port');
  return i > 0 ? Number(process.argv[i + 1]) : 3000;
}

async function bootstrap() {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  app.useGlobalPipes(new ValidationPipe({ transform: true }));
  const config = new DocumentBuilder()
    .setTitle('Items')
    .setDescription('A small NestJS resource API')
    .setVersion('1.0')
    .addBearerAuth()
    .build();
  // The description is served at /api-json (and the UI at /api).
  SwaggerModule.setup('api', app, () => SwaggerModule.createDocument(app, config));
  await app.listen(port(), '127.0.0.1');
}
bootstrap();
