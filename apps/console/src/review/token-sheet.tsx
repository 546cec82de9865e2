import type { IssuedTokenView } from '@cadre/contracts';
import { useLookup } from '../common/lookup';
import { Card } from '../common/ui';
import { useI18n } from '../i18n/i18n';
import { QrCode } from '../lib/qr';
import { xlsx } from '../lib/xlsx';

/** The voter's link: the gateway's short /ballots/:token leads to the mobile ballot page. */
export const ballotUrl = (token: string) => `${location.origin}/ballots/${token}`;

/** The tokens of a new campaign (shown once): XLSX for distribution and printable QR codes. */
export function TokenSheet({ campaignName, tokens }: { campaignName: string; tokens: IssuedTokenView[] }) {
  const { t } = useI18n();
  const { unitName } = useLookup();

  function exportXlsx() {
    const rows = [
      ['序号', '姓名', '单位', '分组', '测评链接', '凭证'],
      ...tokens.map((x, i) => [
        String(i + 1),
        x.voter.name,
        unitName(x.voter.unitId),
        x.voter.group,
        ballotUrl(x.token),
        x.token,
      ]),
    ];
    const blob = new Blob([xlsx('投票凭证', rows)], {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `${campaignName}-投票凭证.xlsx`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  return (
    <Card
      title={t('review.tokens')}
      actions={
        <>
          <button onClick={exportXlsx} data-testid="export-xlsx">
            {t('review.exportXlsx')}
          </button>
          <button onClick={() => window.print()}>{t('review.printQr')}</button>
        </>
      }
      className="token-sheet"
    >
      <div className="qr-sheet" data-testid="token-sheet">
        {tokens.map((x) => (
          <div key={x.token} className="qr-card">
            <strong>{campaignName}</strong>
            <QrCode text={ballotUrl(x.token)} />
            <div>
              {x.voter.name} · {unitName(x.voter.unitId)}
            </div>
            <div className="muted small">{x.voter.group}</div>
            <a
              className="token-url"
              href={ballotUrl(x.token)}
              target="_blank"
              rel="noreferrer"
              data-testid="ballot-link"
            >
              {ballotUrl(x.token)}
            </a>
          </div>
        ))}
      </div>
    </Card>
  );
}
