import 'reflect-metadata';
import { loadConfigOrExit, startService } from '@cadre/platform';
import { GatewayConfig } from './config/gateway.config';
import { configureGateway } from './configure-gateway';
import { GatewayHttpAdapter } from './gateway-http-adapter';
import { GatewayModule } from './gateway.module';

async function main(): Promise<void> {
  const config = loadConfigOrExit(GatewayConfig);
  await startService({
    service: 'gateway',
    module: GatewayModule.forRoot(config),
    httpAdapter: new GatewayHttpAdapter(),
    port: config.GATEWAY_PORT,
    metricsPort: config.GATEWAY_METRICS_PORT,
    configure: (app) => configureGateway(app, config),
  });
}

void main().catch((err: Error) => {
  process.stderr.write(`gateway failed to start: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
