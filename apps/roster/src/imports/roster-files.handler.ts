import { Controller } from '@nestjs/common';
import { ExportCadresCommand, ImportCadresCommand, RequestContext, ROSTER_REQUESTS } from '@cadre/contracts';
import { ExportsService } from './exports.service';
import { ImportsService } from './imports.service';
import { Payload } from '@nestjs/microservices';
import { Caller, MessagePattern } from '@cadre/messaging';

/** Bulk roster work: file import and XLSX export. */
@Controller()
export class RosterFilesHandler {
  constructor(
    private readonly imports: ImportsService,
    private readonly exports: ExportsService,
  ) {}

  @MessagePattern(ROSTER_REQUESTS.importCadres)
  import(@Payload() payload: ImportCadresCommand, @Caller() ctx: RequestContext) {
    return this.imports.run(ctx, payload);
  }

  @MessagePattern(ROSTER_REQUESTS.exportCadres)
  export(@Payload() payload: ExportCadresCommand, @Caller() ctx: RequestContext) {
    return this.exports.run(ctx, payload);
  }
}
