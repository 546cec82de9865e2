import { Controller } from '@nestjs/common';
import { ExportCadresCommand, ImportCadresCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import { DemoDistrictService } from '../demo/demo-district.service';
import { ExportsService } from './exports.service';
import { ImportsService } from './imports.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Bulk roster work: file import, XLSX export, and the demo district. */
@Controller()
export class RosterFilesHandler {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
    private readonly demo: DemoDistrictService,
  ) {}

  @MessagePattern(ROSTER_REQUESTS.importCadres)
  import(@Payload() payload: ImportCadresCommand, @Caller() ctx: RequestContext) {
    return this.imports.run(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.exportCadres)
  export(@Payload() payload: ExportCadresCommand, @Caller() ctx: RequestContext) {
    return this.exports.run(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.loadDemoDistrict)
  loadDemo(@Payload() _payload: unknown, @Caller() ctx: RequestContext) {
    return this.demo.load(ctx);
  }
}
