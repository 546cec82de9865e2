import type { EntityManager } from 'typeorm';
import type { CadreEvent, HeldCadre, HeldUnit, UnitEvent } from './roster-snapshots.repository';

/**
 * What a service does beside the shared tables when a roster record changes (analytics: a cadre's
 * history, ranking recomputes), called in the event's transaction after the write. A class of the
 * service's own module, named in RosterProjectionModule.forService.
 */
export interface RosterProjectionListener {
  /**
   * After every cadre snapshot, a stale one too (it changed nothing: `held.versionNo` is not older).
   * `held` is the row before the snapshot; undefined for a cadre new here.
   */
  cadreProjected?(event: CadreEvent, held: HeldCadre | undefined, manager: EntityManager): Promise<void>;
  /** After every unit snapshot; `held` as for cadres. */
  unitProjected?(event: UnitEvent, held: HeldUnit | undefined, manager: EntityManager): Promise<void>;
}
