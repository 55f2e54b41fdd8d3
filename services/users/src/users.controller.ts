import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { Access, assertFanOrAdmin, CurrentPrincipal, Principal } from '@eventflow/auth';
import { ParseObjectIdPipe } from '@eventflow/database';
import { EXPORT_FORMATS, ExportFormat } from './export/anonymized-export';
import { invalidExportFormat } from './export/export.errors';
import { ExportUsersUseCase } from './export/export-users.use-case';
import { GetProfileUseCase, UserProfile } from './profile/get-profile.use-case';
import { RegisterFanDto } from './registration/register-fan.dto';
import { RegistrationRateGuard } from './registration/registration-rate.guard';
import { RegisteredFan, RegisterFanUseCase } from './registration/register-fan.use-case';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

@Controller('api/users')
export class UsersController {
  constructor(
    private readonly registerFan: RegisterFanUseCase,
    private readonly getProfile: GetProfileUseCase,
    private readonly exportUsers: ExportUsersUseCase,
  ) {}

  @Post()
  @HttpCode(201)
  @Access('public')
  @UseGuards(RegistrationRateGuard)
  create(@Body() body: RegisterFanDto): Promise<RegisteredFan> {
    return this.registerFan.execute(body);
  }

  /** Declared before `:usuario_id` so the literal path wins. */
  @Get('exportar')
  @Access('analyst', 'admin')
  async export(
    @CurrentPrincipal() principal: Principal,
    @Query('format') format: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const chosen = (format ?? 'json').toLowerCase();
    if (!(EXPORT_FORMATS as readonly string[]).includes(chosen)) throw invalidExportFormat();
    const exportFormat = chosen as ExportFormat;
    const { summary, chunks } = await this.exportUsers.execute(principal, exportFormat);
    const filename = `eventflow-usuarios-anonimizados-${new Date().toISOString().slice(0, 10)}.${exportFormat}`;
    await reply
      .status(200)
      .header('content-type', CONTENT_TYPES[exportFormat])
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .header('x-export-k', String(summary.k))
      .header('x-export-rows', String(summary.filas))
      .header('x-export-generalized', String(summary.generalizadas))
      .header('x-export-suppressed', String(summary.suprimidas))
      .send(Readable.from(chunks));
  }

  @Get(':usuario_id')
  @Access('fan', 'admin')
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('usuario_id', ParseObjectIdPipe) id: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<UserProfile> {
    assertFanOrAdmin(principal, id);
    const { profile, source, maybeStale } = await this.getProfile.execute(id);
    void reply.header('x-cache', source === 'cache' ? 'HIT' : 'MISS');
    if (maybeStale) void reply.header('warning', '110 - "Response is Stale"').header('x-data-may-be-stale', 'true');
    return profile;
  }
}
