import { Inject, Injectable } from '@nestjs/common';
import type { FabricState, StoredAuditEntry } from '@lightpath/state';
import { STATE } from '../orchestrator.tokens';

export interface AuditView extends StoredAuditEntry {
  /** The operation's status now (succeeded, failed, ...) and why it failed, when it is still kept. */
  operationStatus?: string;
  operationReason?: string;
}

/**
 * Reads the audit log. The entry itself is written once, when the mutation is accepted (inside
 * the claim script, so no accepted change goes unrecorded); its outcome is joined here from the
 * operation, which closes later.
 */
@Injectable()
export class AuditService {
  constructor(@Inject(STATE) private readonly state: FabricState) {}

  async page(limit: number, before?: string): Promise<{ entries: AuditView[]; next?: string }> {
    const entries = await this.state.audit.page(limit, before);
    const ops = await Promise.all(entries.map((e) => (e.operationId ? this.state.operations.get(e.operationId) : undefined)));
    const views = entries.map((e, i): AuditView => {
      const op = ops[i];
      return op ? { ...e, operationStatus: op.status, operationReason: op.reason } : e;
    });
    return { entries: views, next: entries.length === limit ? entries[entries.length - 1].id : undefined };
  }
}
