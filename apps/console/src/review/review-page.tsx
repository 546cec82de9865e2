import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { all, ApiError, get, post } from '../api/client';
import type {
  CadreView,
  CampaignDirection,
  CampaignSubject,
  CampaignView,
  CreatedCampaignView,
  CycleView,
  IssuedTokenView,
  TeamView,
} from '@cadre/contracts';
import { CAMPAIGN_SUBJECTS, DIRECTIONS } from '../common/enums';
import { fmtDateTime } from '../common/format';
import { useLookup } from '../common/lookup';
import { Badge, Card, EnumSelect, ErrorBox, FormField, Loadable, PageTitle, Table } from '../common/ui';
import { useApi } from '../common/use-api';
import { useI18n } from '../i18n/i18n';
import { TwoWayView } from './two-way';
import { TokenSheet } from './token-sheet';

/** 民主测评 and 双向考核 of a cycle: its campaigns, a new campaign with its tokens, the two-way opinion. */
export function ReviewPage() {
  const { t, e } = useI18n();
  const [params, setParams] = useSearchParams();
  const cycles = useApi(() => get<{ items: CycleView[] }>('/cycles?limit=50'), []);
  const cycleId =
    params.get('cycle') ??
    cycles.data?.items.find((c) => c.status === 'open' || c.status === 'scheduled')?.id ??
    cycles.data?.items[0]?.id ??
    null;
  const campaigns = useApi(() => all<CampaignView>(`/cycles/${cycleId}/campaigns`), cycleId ? [cycleId] : null);
  const [issued, setIssued] = useState<{ name: string; tokens: IssuedTokenView[] } | null>(null);
  const cycle = cycles.data?.items.find((c) => c.id === cycleId);
  return (
    <>
      <PageTitle
        actions={
          <select
            value={cycleId ?? ''}
            onChange={(ev) => (setParams({ cycle: ev.target.value }), setIssued(null))}
            data-testid="review-cycle"
          >
            {(cycles.data?.items ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        }
      >
        {t('review.title')}
      </PageTitle>
      {cycle && (cycle.status === 'open' || cycle.status === 'scheduled') && !issued && (
        <CreateCampaign
          cycleId={cycle.id}
          onCreated={(name, tokens) => (setIssued({ name, tokens }), campaigns.reload())}
        />
      )}
      {issued && <TokenSheet campaignName={issued.name} tokens={issued.tokens} />}
      <Card title={t('review.campaigns')} className={issued ? 'no-print' : ''}>
        <Loadable loading={campaigns.loading && !campaigns.data} error={campaigns.error}>
          <Table
            testId="campaigns"
            rows={campaigns.data ?? []}
            rowKey={(c) => c.id}
            columns={[
              { key: 'name', title: t('common.name'), render: (c) => <Link to={`/campaigns/${c.id}`}>{c.name}</Link> },
              { key: 'dir', title: t('review.direction'), render: (c) => <Badge value={c.direction} /> },
              { key: 'subj', title: t('review.subject'), render: (c) => e(c.subject) },
              { key: 'targets', title: t('review.targets'), render: (c) => c.targetIds.length, className: 'num' },
              { key: 'at', title: '', render: (c) => fmtDateTime(c.createdAt) },
            ]}
          />
        </Loadable>
      </Card>
      {cycleId && (
        <Card title={t('review.twoWay')} className="no-print">
          <TwoWayView cycleId={cycleId} ended={cycle?.status === 'closed' || cycle?.status === 'published'} />
        </Card>
      )}
    </>
  );
}

function CreateCampaign({
  cycleId,
  onCreated,
}: {
  cycleId: string;
  onCreated: (name: string, tokens: IssuedTokenView[]) => void;
}) {
  const { t } = useI18n();
  const { units } = useLookup();
  const [name, setName] = useState('');
  const [direction, setDirection] = useState<CampaignDirection>('top_down');
  const [subject, setSubject] = useState<CampaignSubject>('cadre');
  const [targetUnits, setTargetUnits] = useState<string[]>([]);
  const [voters, setVoters] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const byCode = new Map(units.map((u) => [u.code, u.id]));

  async function submit() {
    setError(null);
    setBusy(true);
    try {
      // Units themselves, their leadership teams (班子民主测评), or their cadres.
      const targetIds =
        subject === 'unit'
          ? targetUnits
          : (
              await Promise.all(
                targetUnits.map((u) =>
                  subject === 'team'
                    ? all<TeamView>(`/teams?unitId=${u}`, 500)
                    : all<CadreView>(`/cadres?unitId=${u}`, 500),
                ),
              )
            )
              .flat()
              .map((c) => c.id);
      const voterList = voters
        .split('\n')
        .map((line) => line.split(/[,，\t]/).map((x) => x.trim()))
        .filter((p) => p[0])
        .map(([voterName, code, group]) => ({
          name: voterName,
          unitId: byCode.get(code) ?? code,
          group: group || '群众代表',
        }));
      const created = await post<CreatedCampaignView>(`/cycles/${cycleId}/campaigns`, {
        direction,
        subject,
        ...(name.trim() ? { name: name.trim() } : {}),
        targetIds,
        voters: voterList,
      });
      onCreated(created.name, created.tokens);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, String(err)));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card title={t('review.create')}>
      <div className="form" data-testid="create-campaign">
        <FormField label={t('common.name')}>
          <input name="campaign-name" value={name} onChange={(ev) => setName(ev.target.value)} />
        </FormField>
        <FormField label={t('review.direction')}>
          <EnumSelect
            name="direction"
            value={direction}
            values={DIRECTIONS}
            onChange={(v) => setDirection(v as CampaignDirection)}
          />
        </FormField>
        <FormField label={t('review.subject')}>
          <EnumSelect
            name="subject"
            value={subject}
            values={CAMPAIGN_SUBJECTS}
            onChange={(v) => setSubject(v as CampaignSubject)}
          />
        </FormField>
        <FormField label={t('review.targets')} wide>
          <select
            name="targets"
            multiple
            size={6}
            value={targetUnits}
            onChange={(ev) => setTargetUnits(Array.from(ev.target.selectedOptions, (o) => o.value))}
          >
            {units.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField label={t('review.voters')} wide>
          <textarea
            name="voters"
            value={voters}
            onChange={(ev) => setVoters(ev.target.value)}
            placeholder={'张三,HXZ,镇街代表\n李四,ZYJD,镇街代表'}
          />
        </FormField>
        <button className="primary" onClick={submit} disabled={busy} data-testid="create-campaign-submit">
          {t('review.create')}
        </button>
      </div>
      <ErrorBox error={error} />
    </Card>
  );
}
