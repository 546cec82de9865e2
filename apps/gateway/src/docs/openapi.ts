import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** OpenAPI at /api/docs (UI) and /api/docs-json, generated from the controllers and DTOs. */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('干部考核平台 API')
    .setDescription(
      'Public API of the cadre appraisal platform ("三四三" system). Errors are RFC 9457 application/problem+json. ' +
        'Lists take ?limit=&cursor= and answer { items, nextCursor }. A POST with Idempotency-Key answers a repeat with the first response.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, {
    jsonDocumentUrl: 'api/docs-json',
    customSiteTitle: '干部考核平台 API',
  });
}
