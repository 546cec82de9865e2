import {
  CreateOutboxAndInbox1764000000000,
  CreateRequestKeys1764000000900,
  IndexInboxProcessedAt1764000000800,
} from '@cadre/messaging';
import { CreateFieldsAndUnits1764000000100 } from './1764000000100-CreateFieldsAndUnits';
import { CreateTeamsCadresAndHistory1764000000300 } from './1764000000300-CreateTeamsCadresAndHistory';
import { ProjectAssessmentAssignments1764000001000 } from './1764000001000-ProjectAssessmentAssignments';
import { BatchTransfers1765700000300 } from './1765700000300-BatchTransfers';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const ROSTER_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  CreateFieldsAndUnits1764000000100,
  CreateTeamsCadresAndHistory1764000000300,
  IndexInboxProcessedAt1764000000800,
  CreateRequestKeys1764000000900,
  ProjectAssessmentAssignments1764000001000,
  BatchTransfers1765700000300,
];
