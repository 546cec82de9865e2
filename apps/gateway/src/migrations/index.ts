import { CreateGatewayTables1764000000200 } from './1764000000200-CreateGatewayTables';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const GATEWAY_MIGRATIONS = [CreateGatewayTables1764000000200];
