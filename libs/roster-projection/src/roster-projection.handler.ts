import { Inject, Injectable, OnModuleInit, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { EntityManager } from 'typeorm';
import type { EventOf } from '@cadre/contracts';
import { OnEvent } from '@cadre/messaging';
import type { RosterProjectionListener } from './roster-projection.listener';
import type { RosterProjectionShape } from './roster-projection.shape';
import {
  CadreEvent,
  heldCadre,
  heldUnit,
  upsertCadre,
  upsertField,
  upsertTeam,
  upsertUnit,
  UnitEvent,
} from './roster-snapshots.repository';

export const ROSTER_PROJECTION_OPTIONS = Symbol('ROSTER_PROJECTION_OPTIONS');

export interface RosterProjectionOptions extends RosterProjectionShape {
  /** The service's listener (a provider of its own module), if it does more on a change. */
  listener?: Type<RosterProjectionListener>;
}

/**
 * The service's listener, found once every module is built: it is a provider of the service's module,
 * which this one cannot import.
 */
@Injectable()
export class RosterProjectionListeners implements OnModuleInit {
  listener: RosterProjectionListener = {};

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(ROSTER_PROJECTION_OPTIONS) private readonly options: RosterProjectionOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.listener) this.listener = this.moduleRef.get(this.options.listener, { strict: false });
  }
}

/*
 * The roster's events as the other services keep them, from events only. One class per table, so a
 * service consumes the types of the tables it keeps and no others (RosterProjectionModule).
 */

@Injectable()
export class CadresProjectionHandler {
  constructor(
    @Inject(ROSTER_PROJECTION_OPTIONS) private readonly options: RosterProjectionOptions,
    private readonly listeners: RosterProjectionListeners,
  ) {}

  @OnEvent('roster.cadre.created')
  cadreCreated(event: EventOf<'roster.cadre.created'>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @OnEvent('roster.cadre.updated')
  cadreUpdated(event: EventOf<'roster.cadre.updated'>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @OnEvent('roster.cadre.transferred')
  cadreTransferred(event: EventOf<'roster.cadre.transferred'>, manager: EntityManager) {
    return this.project(event, manager);
  }

  private async project(event: CadreEvent, manager: EntityManager): Promise<void> {
    const profile = this.options.profile ?? false;
    const { listener } = this.listeners;
    // Read before the write only for a listener: the others need no second statement per event.
    const held = listener.cadreProjected ? await heldCadre(manager, event.tenantId, event.data.id, profile) : undefined;
    await upsertCadre(manager, event, profile);
    await listener.cadreProjected?.(event, held, manager);
  }
}

@Injectable()
export class UnitsProjectionHandler {
  constructor(private readonly listeners: RosterProjectionListeners) {}

  @OnEvent('roster.unit.created')
  unitCreated(event: EventOf<'roster.unit.created'>, manager: EntityManager) {
    return this.project(event, manager);
  }

  @OnEvent('roster.unit.updated')
  unitUpdated(event: EventOf<'roster.unit.updated'>, manager: EntityManager) {
    return this.project(event, manager);
  }

  private async project(event: UnitEvent, manager: EntityManager): Promise<void> {
    const { listener } = this.listeners;
    const held = listener.unitProjected ? await heldUnit(manager, event.tenantId, event.data.id) : undefined;
    await upsertUnit(manager, event);
    await listener.unitProjected?.(event, held, manager);
  }
}

@Injectable()
export class TeamsProjectionHandler {
  @OnEvent('roster.team.created')
  teamCreated(event: EventOf<'roster.team.created'>, manager: EntityManager) {
    return upsertTeam(manager, event);
  }

  @OnEvent('roster.team.updated')
  teamUpdated(event: EventOf<'roster.team.updated'>, manager: EntityManager) {
    return upsertTeam(manager, event);
  }
}

@Injectable()
export class FieldsProjectionHandler {
  @OnEvent('roster.field.created')
  fieldCreated(event: EventOf<'roster.field.created'>, manager: EntityManager) {
    return upsertField(manager, event);
  }
}
