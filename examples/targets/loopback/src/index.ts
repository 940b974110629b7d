import {RestApplication} from '@loopback/rest';
import {ItemController} from './item.controller';

// port reads --port N (default 3000).
function port(): number {
  const i = process.argv.indexOf('--port');
  return i > 0 ? Number(process.argv[i + 1]) : 3000;
}

async function main() {
  const app = new RestApplication({
    rest: {
      port: port(),
      host: '127.0.0.1',
      // The served /openapi.json would otherwise name the port it was asked on.
      openApiSpec: {setServersFromRequest: false},
    },
  });
  app.api({
    openapi: '3.0.0',
    info: {title: 'items', version: '1.0.0', description: 'A small LoopBack 4 resource API'},
    paths: {},
    components: {securitySchemes: {bearerAuth: {type: 'http', scheme: 'bearer'}}},
  });
  app.controller(ItemController);
  await app.start();
}

main().catch(err => {
  console.error(err);
  process.exit(1);
});
