import type { UnitKind } from './enums';

export interface CreateFieldCommand {
  code: string;
  name: string;
}

export interface FieldView {
  id: string;
  code: string;
  name: string;
  createdAt: string;
}

export interface CreateUnitCommand {
  code: string;
  name: string;
  kind: UnitKind;
  fieldId?: string | null;
}

export type UpdateUnitCommand = { id: string } & Partial<CreateUnitCommand>;

export interface ListUnitsQuery {
  kind?: UnitKind;
  fieldId?: string;
  limit?: number;
  cursor?: string;
}

export interface UnitView {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
  fieldId: string | null;
  createdAt: string;
  updatedAt: string;
}
