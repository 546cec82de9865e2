import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { ANALYTICS_REQUESTS, problem } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problems/problem.filter';
import { TenantsRepository } from '../tenants/tenants.repository';
import { HONOURS_CSP, honoursPage } from './honours-page';

const TENANT_CODE = /^[a-z0-9][a-z0-9_-]{0,49}$/i;

/**
 * `/public/<tenant>/honours`: the published awards' winners as an HTML page anyone may open (公示),
 * outside the API (/api/v1) and its document like the console, rate limited like every route.
 */
@ApiExcludeController()
@Public()
@Controller('public')
export class HonoursController {
  constructor(
    private readonly rpc: ServiceClient,
    private readonly tenants: TenantsRepository,
  ) {}

  @Get(':tenant/honours')
  async honours(@Param('tenant') code: string, @Res() res: Response): Promise<void> {
    const tenant = TENANT_CODE.test(code) ? await this.tenants.findByCode(code) : null;
    if (!tenant || tenant.code === 'system') throw new ProblemException(problem(404, '单位不存在'));
    const view = await this.rpc.request(
      ANALYTICS_REQUESTS.publicHonours,
      { tenantName: tenant.name },
      { requestId: '', tenantId: tenant.id, userId: '', username: '', roles: [] },
    );
    res.set({ 'content-security-policy': HONOURS_CSP, 'cache-control': 'no-cache' });
    res.type('text/html; charset=utf-8').send(honoursPage(view));
  }
}
