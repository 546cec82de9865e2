/**
 * Which of the roster's records a service keeps (libs/roster-projection): its cadres always, and
 * beside them what its own reads join to. One value per service (its projections/projection-tables.ts)
 * chooses the event handlers (RosterProjectionModule) and what `replay-projections` empties.
 */
export interface RosterProjectionShape {
  /** 领域: id and name. */
  fields?: boolean;
  /** Units: name, kind and field. */
  units?: boolean;
  /** 领导班子: their unit and name. */
  teams?: boolean;
  /**
   * The cadre's whole profile (gender, birth date, team and role, field, position, education, party
   * membership, and `since`, the day the cadre came to the unit), not only name, unit and status.
   */
  profile?: boolean;
}

/** The tables of the shape, all built from the roster's events only. */
export function rosterProjectionTables(shape: RosterProjectionShape): string[] {
  return [
    ...(shape.fields ? ['fields'] : []),
    ...(shape.units ? ['units'] : []),
    ...(shape.teams ? ['teams'] : []),
    'cadres',
  ];
}
