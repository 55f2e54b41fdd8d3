import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ExportAudit } from '../users/user.schema';

/** One row per analyst export: who, when, how much. */
@Injectable()
export class ExportAuditRepository {
  constructor(@InjectModel(ExportAudit.name) private readonly audits: Model<ExportAudit>) {}

  async record(audit: ExportAudit): Promise<void> {
    await this.audits.create(audit);
  }
}
