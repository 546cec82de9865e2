import { Controller, Get, HttpCode, Param, Post, Req, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { uuidParam } from '../common/uuid-param';
import { DossierExportsService } from './dossier-exports.service';

/** The department's archive of 一班子一档案: a field's teams as a ZIP of PDFs, built as a polled job. */
@ApiTags('analytics 比对考核')
@ApiBearerAuth()
@Controller()
export class DossierExportsController {
  constructor(private readonly exports: DossierExportsService) {}

  @Post('fields/:id/dossiers')
  @Roles('admin', 'org_officer')
  @HttpCode(202)
  @ApiAcceptedResponse({
    description:
      'starts the archive of the field: one PDF per team (the team and its members): { exportId, fieldId, fieldName, status: running, done, total, error, createdAt }; poll GET /dossier-exports/:id',
  })
  start(@Req() req: AuthedRequest, @Param('id', uuidParam) fieldId: string) {
    return this.exports.start(requestContext(req), fieldId);
  }

  @Get('dossier-exports/:id')
  @Roles('admin', 'org_officer')
  @ApiOkResponse({
    description: '{ exportId, fieldId, fieldName, status: running | done | failed, done, total, error, createdAt }',
  })
  status(@Req() req: AuthedRequest, @Param('id', uuidParam) id: string) {
    return this.exports.status(requestContext(req), id);
  }

  @Get('dossier-exports/:id/file')
  @Roles('admin', 'org_officer')
  @ApiProduces('application/zip')
  @ApiOkResponse({ description: 'the ZIP once done (409 while running or failed): one PDF per team' })
  async file(
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
    @Param('id', uuidParam) id: string,
  ): Promise<StreamableFile> {
    const { name, data } = await this.exports.file(requestContext(req), id);
    res.type('application/zip');
    // HTTP headers are ASCII: an ASCII fallback name, and the Chinese one encoded (RFC 6266).
    res.setHeader(
      'content-disposition',
      `attachment; filename="dossiers.zip"; filename*=UTF-8''${encodeURIComponent(name)}`,
    );
    return new StreamableFile(data);
  }
}
