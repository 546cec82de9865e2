import { DynamicModule, Module, Provider } from '@nestjs/common';
import {
  CadresProjectionHandler,
  FieldsProjectionHandler,
  ROSTER_PROJECTION_OPTIONS,
  RosterProjectionListeners,
  RosterProjectionOptions,
  TeamsProjectionHandler,
  UnitsProjectionHandler,
} from './roster-projection.handler';
import { RosterReader } from './roster-reader.repository';

/**
 * The roster's cadres (and units, teams, fields as the service chooses) kept in a service's own
 * schema from the roster's events, and read through RosterReader. The tables come from
 * createRosterProjection in the service's migrations; the handlers are found by MessagingModule.
 */
@Module({})
export class RosterProjectionModule {
  static forService(options: RosterProjectionOptions): DynamicModule {
    const handlers: Provider[] = [
      CadresProjectionHandler,
      ...(options.units ? [UnitsProjectionHandler] : []),
      ...(options.teams ? [TeamsProjectionHandler] : []),
      ...(options.fields ? [FieldsProjectionHandler] : []),
    ];
    return {
      module: RosterProjectionModule,
      providers: [
        { provide: ROSTER_PROJECTION_OPTIONS, useValue: options },
        RosterProjectionListeners,
        RosterReader,
        ...handlers,
      ],
      exports: [RosterReader],
    };
  }
}
