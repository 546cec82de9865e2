import {
  CreateOutboxAndInbox1764000000000,
  CreateRequestKeys1764000000900,
  IndexInboxProcessedAt1764000000800,
} from '@cadre/messaging';
import { CreateReview1764000000600 } from './1764000000600-CreateReview';
import { ReviewAnonymity1764000001600 } from './1764000001600-ReviewAnonymity';
import { Rectifications1765300000600 } from './1765300000600-Rectifications';
import { TeamCampaigns1765400000600 } from './1765400000600-TeamCampaigns';
import { Recommendations1765700000600 } from './1765700000600-Recommendations';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const REVIEW_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  CreateReview1764000000600,
  IndexInboxProcessedAt1764000000800,
  CreateRequestKeys1764000000900,
  ReviewAnonymity1764000001600,
  Rectifications1765300000600,
  TeamCampaigns1765400000600,
  Recommendations1765700000600,
];
