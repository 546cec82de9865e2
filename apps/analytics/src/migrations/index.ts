import {
  CreateOutboxAndInbox1764000000000,
  CreateRequestKeys1764000000900,
  IndexInboxProcessedAt1764000000800,
} from '@cadre/messaging';
import { CreateAnalytics1764000000700 } from './1764000000700-CreateAnalytics';
import { CreateMechanisms1764000000701 } from './1764000000701-CreateMechanisms';
import { CreateAwards1764000000702 } from './1764000000702-CreateAwards';
import { DemocraticSnapshots1764000000703 } from './1764000000703-DemocraticSnapshots';
import { CycleSnapshots1765100000700 } from './1765100000700-CycleSnapshots';
import { Calibration1765200000700 } from './1765200000700-Calibration';
import { SealedRecords1765200000701 } from './1765200000701-SealedRecords';
import { TeamRankings1765400000700 } from './1765400000700-TeamRankings';
import { AnnualEvaluations1765500000700 } from './1765500000700-AnnualEvaluations';
import { SelectionMoves1765700000700 } from './1765700000700-SelectionMoves';
import { AwardRecommendations1765700000701 } from './1765700000701-AwardRecommendations';
import { DossierSources1765800000700 } from './1765800000700-DossierSources';
import { RecomputeQuietPeriod1765900000700 } from './1765900000700-RecomputeQuietPeriod';
import { TeamWeightsAndCooperation1765900000701 } from './1765900000701-TeamWeightsAndCooperation';

/** In order. Listed, not globbed, so the webpack bundle carries them. */
export const ANALYTICS_MIGRATIONS = [
  CreateOutboxAndInbox1764000000000,
  CreateAnalytics1764000000700,
  CreateMechanisms1764000000701,
  CreateAwards1764000000702,
  DemocraticSnapshots1764000000703,
  IndexInboxProcessedAt1764000000800,
  CreateRequestKeys1764000000900,
  CycleSnapshots1765100000700,
  Calibration1765200000700,
  SealedRecords1765200000701,
  TeamRankings1765400000700,
  AnnualEvaluations1765500000700,
  SelectionMoves1765700000700,
  AwardRecommendations1765700000701,
  DossierSources1765800000700,
  RecomputeQuietPeriod1765900000700,
  TeamWeightsAndCooperation1765900000701,
];
