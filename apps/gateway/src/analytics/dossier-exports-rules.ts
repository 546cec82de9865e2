import type { DossierExportRow } from './dossier-exports.repository';

/** A running export not advanced for this long was left by a gateway that stopped: it will not finish. */
export const STALE_EXPORT_MS = 10 * 60_000;

export interface DossierExportView {
  exportId: string;
  fieldId: string;
  fieldName: string;
  status: 'running' | 'done' | 'failed';
  done: number;
  total: number;
  error: string | null;
  createdAt: string;
}

/** What the client is told of an export: a running one nobody advances any more is failed. */
export function exportView(row: DossierExportRow, now: Date): DossierExportView {
  const stale = row.status === 'running' && now.getTime() - row.updatedAt.getTime() > STALE_EXPORT_MS;
  return {
    exportId: row.id,
    fieldId: row.fieldId,
    fieldName: row.fieldName,
    status: stale ? 'failed' : row.status,
    done: row.done,
    total: row.total,
    error: stale ? '导出中断（服务重启），请重新发起' : row.error,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A file name in the archive: ordered, and nothing a file system or ZIP reader refuses. */
export function entryName(index: number, team: { name: string; unitName: string }): string {
  const safe = [...`${team.unitName}-${team.name}`]
    .map((ch) => (ch.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(ch) ? '_' : ch))
    .join('')
    .replace(/_+/g, '_')
    .slice(0, 80);
  return `${String(index + 1).padStart(3, '0')}-${safe}.pdf`;
}
