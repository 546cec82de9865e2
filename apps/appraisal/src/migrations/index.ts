import {
  CreateOutboxAndInbox1764000000000,
  CreateRequestKeys1764000000900,
  IndexInboxProcessedAt1764000000800,
} from '@cadre/messaging';
import { CreateAppraisal1764000000500 } from './1764000000500-CreateAppraisal';
import { CalibrationProjection1765200000500 } from './1765200000500-CalibrationProjection';
import { UnitLeaderNotifications1765300000610 } from './1765300000610-UnitLeaderNotifications';
import { TeamAppraisals1765400000500 } from './1765400000500-TeamAppraisals';
import { WartimeQualities1765600000500 } from './1765600000500-WartimeQualities';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const APPRAISAL_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  CreateAppraisal1764000000500,
  IndexInboxProcessedAt1764000000800,
  CreateRequestKeys1764000000900,
  CalibrationProjection1765200000500,
  UnitLeaderNotifications1765300000610,
  TeamAppraisals1765400000500,
  WartimeQualities1765600000500,
];
