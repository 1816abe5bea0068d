import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal } from '../../../infrastructure/auth/current-principal.decorator';
import { RequiresAccountPermission } from '../../../infrastructure/http/account-scope';
import { object, pathId } from '../../../infrastructure/http/body-fields';
import type { Principal } from '../../../shared/application';
import type { AuditEntry } from '../domain/audit-entry';
import { AuditLogUseCases, READ_AUDIT_EVENT } from '../application/audit-log.use-cases';

/**
 * The account's audit log (`read:audit_event`: Owners and Admins): `POST .../audit_log/filter`,
 * `GET .../audit_log/{entry_id}`, and `GET .../audit_log/export?from=&to=&format=ndjson|csv&after_position=&previous_hash=`,
 * a hash-chained stream read from the event store (check it with `praetor audit verify FILE`).
 */
@Controller('api/accounts/:accountId/audit_log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogUseCases) {}

  @Post('filter')
  @RequiresAccountPermission(READ_AUDIT_EVENT)
  @HttpCode(200)
  filter(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Body() raw: unknown): Promise<AuditEntry[]> {
    return this.audit.filter(p, pathId(accountId, 'Account'), object(raw));
  }

  @Get('export')
  @RequiresAccountPermission(READ_AUDIT_EVENT)
  async export(
    @CurrentPrincipal() p: Principal,
    @Param('accountId') accountId: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StreamableFile> {
    const { stream, format } = await this.audit.export(p, pathId(accountId, 'Account'), query ?? {});
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
    void reply.header('cache-control', 'no-store');
    return new StreamableFile(stream, { type, disposition: `attachment; filename="audit-${accountId}.${format}"` });
  }

  @Get(':entryId')
  @RequiresAccountPermission(READ_AUDIT_EVENT)
  get(@CurrentPrincipal() p: Principal, @Param('accountId') accountId: string, @Param('entryId') entryId: string): Promise<AuditEntry> {
    return this.audit.get(p, pathId(accountId, 'Account'), pathId(entryId, 'Audit entry'));
  }
}
