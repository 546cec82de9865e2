import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { PoliticalVerdict } from '@cadre/contracts';
import { RosterReader } from '@cadre/roster-projection';

export type { ProjectedCadre } from '@cadre/roster-projection';

/** The roster projection's reads (RosterReader), and the political verdict of a cadre. */
@Injectable()
export class CadresProjection extends RosterReader {
  /** A cadre with no political file yet counts as `pass` (as in checklists). */
  async verdict(tenantId: string, cadreId: string, manager?: EntityManager): Promise<PoliticalVerdict> {
    const [row] = await (manager ?? this.dataSource.manager).query(
      `SELECT verdict FROM political_verdicts WHERE tenant_id = $1 AND cadre_id = $2`,
      [tenantId, cadreId],
    );
    return (row?.verdict as PoliticalVerdict) ?? 'pass';
  }
}
