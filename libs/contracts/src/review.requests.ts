/**
 * Request-reply patterns of the `review` service that other services use (the gateway's own patterns
 * are added next to these by the review service).
 */
export const REVIEW_REQUESTS = {
  /**
   * Voters of a cycle's campaigns who hold an unused token — for the appraisal service's reminders.
   * Participation is tracked on the token, so this tells who has not voted, never what anyone voted.
   */
  pendingVoters: 'review.voters.pending',
} as const;

export interface PendingVotersQuery {
  cycleId: string;
}

export interface PendingVoterView {
  campaignId: string;
  /** Name as given in the campaign's voter list. */
  name: string;
  unitId: string;
  /** The platform user of the voter when the campaign's voter list named one; null otherwise. */
  userId: string | null;
}

export interface PendingVotersView {
  voters: PendingVoterView[];
}
