import { CreateGatewayTables1764000000200 } from './1764000000200-CreateGatewayTables';
import { UserScope1764000000201 } from './1764000000201-UserScope';
import { TokenVersion1764000000202 } from './1764000000202-TokenVersion';
import { DossierExports1765800000100 } from './1765800000100-DossierExports';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const GATEWAY_MIGRATIONS = [
  CreateGatewayTables1764000000200,
  UserScope1764000000201,
  TokenVersion1764000000202,
  DossierExports1765800000100,
];
