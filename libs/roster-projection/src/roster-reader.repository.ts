import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CampaignSubject, UnitKind } from '@cadre/contracts';
import { RpcError } from '@cadre/messaging';

export interface ProjectedCadre {
  id: string;
  unitId: string;
  name: string;
  /** active, retired, transferred_out or dismissed (CadreStatus). */
  status: string;
}

export interface ProjectedUnit {
  id: string;
  name: string;
  kind: UnitKind;
}

export interface ProjectedTarget {
  id: string;
  name: string;
  /** The unit of a cadre, or the unit itself. */
  unitId: string;
  /** Kind of that unit (department, town, street, zone); null while the unit is not projected. */
  unitKind: UnitKind | null;
}

/**
 * Reads of the roster projection. Every read names the tenant, so another tenant's cadre or unit is
 * "not found". The reads of units need a service that keeps them (RosterProjectionShape.units). A
 * service that reads more of its projections extends this class in its projections folder.
 */
@Injectable()
export class RosterReader {
  constructor(@InjectDataSource() protected readonly dataSource: DataSource) {}

  async require(tenantId: string, cadreId: string, manager?: EntityManager): Promise<ProjectedCadre> {
    const [cadre] = await (manager ?? this.dataSource.manager).query(
      `SELECT id, unit_id AS "unitId", name, status FROM cadres WHERE tenant_id = $1 AND id = $2`,
      [tenantId, cadreId],
    );
    if (!cadre) throw RpcError.notFound('干部');
    return cadre;
  }

  async activeIds(tenantId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT id FROM cadres WHERE tenant_id = $1 AND status = 'active' ORDER BY id`,
      [tenantId],
    );
    return rows.map((r) => r.id);
  }

  async activeCadres(tenantId: string): Promise<Array<Pick<ProjectedCadre, 'id' | 'name' | 'unitId'>>> {
    return this.dataSource.query(
      `SELECT id, name, unit_id AS "unitId" FROM cadres WHERE tenant_id = $1 AND status = 'active' ORDER BY unit_id, id`,
      [tenantId],
    );
  }

  /** Ids of the given cadres that are not (yet) known in the tenant. */
  async unknown(tenantId: string, cadreIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `SELECT u.id FROM unnest($2::uuid[]) AS u(id) WHERE NOT EXISTS (SELECT 1 FROM cadres c WHERE c.tenant_id = $1 AND c.id = u.id)`,
      [tenantId, cadreIds],
    );
    return rows.map((r) => r.id);
  }

  /** The units of the tenant (those among `ids`, if given), by kind and name. */
  async units(tenantId: string, ids?: string[]): Promise<ProjectedUnit[]> {
    return this.dataSource.query(
      `SELECT id, name, kind FROM units WHERE tenant_id = $1 AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[])) ORDER BY kind, name, id`,
      [tenantId, ids ?? null],
    );
  }

  /** The targets found among `ids` (cadres, units or teams of the tenant), with their unit. */
  async targets(tenantId: string, subject: CampaignSubject, ids: string[]): Promise<ProjectedTarget[]> {
    if (subject === 'team') {
      return this.dataSource.query(
        `SELECT t.id, t.name, t.unit_id AS "unitId", u.kind AS "unitKind"
           FROM teams t LEFT JOIN units u ON u.id = t.unit_id WHERE t.tenant_id = $1 AND t.id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
    }
    if (subject === 'cadre') {
      return this.dataSource.query(
        `SELECT c.id, c.name, c.unit_id AS "unitId", u.kind AS "unitKind"
           FROM cadres c LEFT JOIN units u ON u.id = c.unit_id WHERE c.tenant_id = $1 AND c.id = ANY($2::uuid[])`,
        [tenantId, ids],
      );
    }
    return this.dataSource.query(
      `SELECT id, name, id AS "unitId", kind AS "unitKind" FROM units WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, ids],
    );
  }
}
