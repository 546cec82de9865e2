import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { buildAsyncApiDocument, subjectPrefix } from '@cadre/contracts';
import { PLATFORM_CONFIG } from '@cadre/platform';
import type { GatewayConfig } from '../config/gateway.config';
import { Public } from '../auth/auth.decorators';

/** The events outside subscribers can consume, as an AsyncAPI 3 document built from libs/contracts. */
@ApiExcludeController()
@Controller('api')
export class AsyncApiController {
  private readonly document: object;

  constructor(@Inject(PLATFORM_CONFIG) config: GatewayConfig) {
    this.document = buildAsyncApiDocument({
      serverUrl: config.NATS_URL.split(',')[0],
      subjectPrefix: subjectPrefix(config.CADRE_NAMESPACE),
    });
  }

  @Public()
  @Get('asyncapi.json')
  asyncapi(): object {
    return this.document;
  }
}
