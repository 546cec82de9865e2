// The API's enum values, from the contract itself (libs/contracts holds plain constants, nothing of
// the server): a value the services add or rename reaches the console's selects with the next build.
export {
  APPRAISAL_STEPS as STEPS,
  CAMPAIGN_DIRECTIONS as DIRECTIONS,
  CADRE_TAGS,
  CAMPAIGN_SUBJECTS,
  CYCLE_KINDS,
  CYCLE_STATUSES,
  GRADES,
  PROBLEM_SEVERITIES,
  QUADRANTS,
  RANDOM_TOPICS,
  SUGGESTIONS,
  UNIT_KINDS,
  WARTIME_PERFORMANCES,
} from '@cadre/contracts';
