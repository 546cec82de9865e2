import {
  CreateOutboxAndInbox1764000000000,
  CreateRequestKeys1764000000900,
  IndexInboxProcessedAt1764000000800,
} from '@cadre/messaging';
import { CreateChecklists1764000000400 } from './1764000000400-CreateChecklists';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const CHECKLISTS_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  CreateChecklists1764000000400,
  IndexInboxProcessedAt1764000000800,
  CreateRequestKeys1764000000900,
];
