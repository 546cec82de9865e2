import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'cadre:public';

/** No token needed (health, metrics, login, docs, ballots). Every other gateway route requires one. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
