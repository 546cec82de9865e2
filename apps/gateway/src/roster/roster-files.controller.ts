import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Put,
  Query,
  Req,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ImportResult, problem, ROSTER_REQUESTS, RosterSettingsView } from '@cadre/contracts';
import { FileTransfers, ServiceClient } from '@cadre/messaging';
import { Roles } from '../auth/auth.decorators';
import { AuthedRequest, requestContext } from '../auth/auth-user';
import { ProblemException } from '../problems/problem.filter';
import { ExportQueryDto, ImportQueryDto, RosterSettingsDto } from './dto/cadre.dto';
import { xlsxSizeProblem } from './xlsx-size';

/** Largest roster file accepted: 100,000 cadres as CSV are about 12 MB. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** An import of 100,000 rows takes seconds; the default request timeout is for ordinary calls. */
const IMPORT_TIMEOUT_MS = 300_000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

@ApiTags('roster 花名册')
@ApiBearerAuth()
@Controller('roster')
@Roles('admin', 'org_officer')
export class RosterFilesController {
  constructor(
    private readonly rpc: ServiceClient,
    private readonly files: FileTransfers,
  ) {}

  @Post('imports')
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: { type: 'string', format: 'binary', description: 'CSV (UTF-8) or XLSX; headers in English or Chinese' },
      },
    },
  })
  @ApiOkResponse({
    description:
      '{ dryRun, rows, created, updated, unchanged, teamsCreated, errors: [{ row, column, message }] }; with any error and dryRun=false: 422 with the same body',
  })
  async import(
    @Req() req: AuthedRequest,
    @Query() query: ImportQueryDto,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<ImportResult> {
    if (!file)
      throw new ProblemException(
        problem(400, '请以 multipart/form-data 上传文件（字段名 file）', [{ field: 'file', message: '必须提供' }]),
      );
    if (!/\.(csv|xlsx)$/i.test(file.originalname)) {
      throw new ProblemException(
        problem(415, '只接受 .csv (UTF-8) 或 .xlsx 文件', [{ field: 'file', message: '文件类型不支持' }]),
      );
    }
    // The roster reads a zip as XLSX whatever its name (roster-file.parser.ts): check every zip here,
    // before it is handed on and expanded in memory there.
    if (/\.xlsx$/i.test(file.originalname) || (file.buffer[0] === 0x50 && file.buffer[1] === 0x4b)) {
      const refused = await xlsxSizeProblem(file.buffer);
      if (refused) throw new ProblemException(refused);
    }
    const object = await this.files.put(file.buffer, `roster import ${file.originalname}`);
    return this.rpc.request(
      ROSTER_REQUESTS.importCadres,
      { object, filename: file.originalname, dryRun: query.dryRun === 'true' },
      requestContext(req),
      IMPORT_TIMEOUT_MS,
    );
  }

  @Get('export')
  @ApiProduces(XLSX)
  @ApiOkResponse({ description: 'the roster as XLSX, in the import format (exported files import back unchanged)' })
  async export(@Req() req: AuthedRequest, @Query() query: ExportQueryDto, @Res() res: Response): Promise<void> {
    const exported = await this.rpc.request(
      ROSTER_REQUESTS.exportCadres,
      query,
      requestContext(req),
      IMPORT_TIMEOUT_MS,
    );
    const data = await this.files.take(exported.object);
    if (!data) throw new ProblemException(problem(503, '导出文件暂不可用，请重试'));
    res
      .status(200)
      .type(XLSX)
      // HTTP headers are ASCII: an ASCII fallback name, and the Chinese one encoded (RFC 6266).
      .setHeader(
        'Content-Disposition',
        `attachment; filename="roster.xlsx"; filename*=UTF-8''${encodeURIComponent(exported.filename)}`,
      )
      .setHeader('X-Row-Count', String(exported.rows))
      .send(Buffer.from(data));
  }

  @Get('settings')
  @Roles('admin', 'org_officer', 'assessor', 'unit_leader')
  @ApiOkResponse({ type: RosterSettingsDto })
  settings(@Req() req: AuthedRequest): Promise<RosterSettingsView> {
    return this.rpc.request(ROSTER_REQUESTS.getSettings, {}, requestContext(req));
  }

  @Put('settings')
  @ApiOkResponse({ type: RosterSettingsDto })
  updateSettings(@Req() req: AuthedRequest, @Body() dto: RosterSettingsDto): Promise<RosterSettingsView> {
    return this.rpc.request(ROSTER_REQUESTS.updateSettings, dto, requestContext(req));
  }
}
