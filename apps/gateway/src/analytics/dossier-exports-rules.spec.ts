import { entryName, exportView, STALE_EXPORT_MS } from './dossier-exports-rules';
import type { DossierExportRow } from './dossier-exports.repository';

const row = (status: DossierExportRow['status'], updatedAt: Date): DossierExportRow => ({
  id: 'e1',
  fieldId: 'f1',
  fieldName: '经济',
  status,
  done: 2,
  total: 5,
  error: null,
  createdAt: new Date('2026-12-02T08:00:00Z'),
  updatedAt,
  bytes: null,
});

describe('dossier export rules', () => {
  it('reports a running export as it stands, and one left behind by a stopped gateway as failed', () => {
    const now = new Date('2026-12-02T09:00:00Z');
    expect(exportView(row('running', new Date(now.getTime() - 1000)), now)).toMatchObject({
      status: 'running',
      done: 2,
      total: 5,
      error: null,
    });
    expect(exportView(row('running', new Date(now.getTime() - STALE_EXPORT_MS - 1)), now)).toMatchObject({
      status: 'failed',
      error: '导出中断（服务重启），请重新发起',
    });
    // Done is done, however old.
    expect(exportView(row('done', new Date(0)), now).status).toBe('done');
  });

  it('names the entries in order, without characters a file system refuses', () => {
    expect(entryName(0, { unitName: '区发改局', name: '领导班子' })).toBe('001-区发改局-领导班子.pdf');
    expect(entryName(11, { unitName: 'A/B', name: 'x:y*?' })).toBe('012-A_B-x_y_.pdf');
  });
});
