import { Injectable } from '@nestjs/common';
import { ExportCadresCommand, ImportCadresCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import { RpcHandler } from '@cadre/messaging';
import { DemoDistrictService } from '../demo/demo-district.service';
import { ExportsService } from './exports.service';
import { ImportsService } from './imports.service';

/** Bulk roster work: file import, XLSX export, and the demo district. */
@Injectable()
export class RosterFilesHandler {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
    private readonly demo: DemoDistrictService,
  ) {}

  @RpcHandler(ROSTER_REQUESTS.importCadres)
  import(payload: ImportCadresCommand, ctx: RequestContext) {
    return this.imports.run(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.exportCadres)
  export(payload: ExportCadresCommand, ctx: RequestContext) {
    return this.exports.run(ctx, payload);
  }

  @RpcHandler(ROSTER_REQUESTS.loadDemoDistrict)
  loadDemo(_payload: unknown, ctx: RequestContext) {
    return this.demo.load(ctx);
  }
}
