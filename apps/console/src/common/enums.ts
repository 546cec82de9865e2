// The API's enum values (libs/contracts), repeated here: the console depends on the public API only.
export const CYCLE_KINDS = ['periodic', 'random'] as const;
export const CYCLE_STATUSES = ['scheduled', 'open', 'closed', 'published'] as const;
export const RANDOM_TOPICS = ['epidemic', 'emergency_rescue', 'disaster_relief', 'land_acquisition', 'rural_revitalization', 'other'] as const;
export const GRADES = ['excellent', 'competent', 'basically_competent', 'incompetent'] as const;
export const SUGGESTIONS = ['keep', 'promote', 'rotate', 'talk', 'adjust'] as const;
export const PROBLEM_SEVERITIES = ['minor', 'moderate', 'serious'] as const;
export const WARTIME_PERFORMANCES = ['outstanding', 'good', 'fair', 'poor'] as const;
export const DIRECTIONS = ['top_down', 'bottom_up', 'peer'] as const;
export const STEPS = ['look', 'listen', 'ask', 'apply'] as const;
export const QUADRANTS = ['leading', 'team_anchor', 'field_strong', 'lagging'] as const;
