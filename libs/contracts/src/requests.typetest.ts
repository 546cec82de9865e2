/**
 * Type-level tests of the RequestMap: nothing here runs. `npx tsc --noEmit -p tsconfig.json` (which
 * `npm test` runs first) compiles this file, and every `// @ts-expect-error` line must be an error —
 * if the typing loosens, the directive is unused and the compile fails.
 */
import { Payload } from '@nestjs/microservices';
import type { ServiceClient } from '@cadre/messaging';
import { Caller, MessagePattern } from '@cadre/messaging';
import {
  ANALYTICS_REQUESTS,
  APPRAISAL_REQUESTS,
  CHECKLISTS_REQUESTS,
  REVIEW_GATEWAY_REQUESTS,
  REVIEW_REQUESTS,
  ROSTER_REQUESTS,
} from './index';
import type { CadreView, Page, RequestContext, RequestMap, RequestPattern, UnitView } from './index';

declare const rpc: ServiceClient;
declare const ctx: RequestContext;

/** True only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const same = <A, B>(proof: Equal<A, B>) => proof;
type PatternsOf<T> = T[keyof T];

// Every pattern constant has its entry in the map, and the map has no entry without a constant.
same<
  RequestPattern,
  | PatternsOf<typeof ROSTER_REQUESTS>
  | PatternsOf<typeof CHECKLISTS_REQUESTS>
  | PatternsOf<typeof APPRAISAL_REQUESTS>
  | PatternsOf<typeof REVIEW_REQUESTS>
  | PatternsOf<typeof REVIEW_GATEWAY_REQUESTS>
  | PatternsOf<typeof ANALYTICS_REQUESTS>
>(true);

export async function client(): Promise<void> {
  // The reply is the pattern's: no type argument, no cast.
  const unit = await rpc.request(ROSTER_REQUESTS.getUnit, { id: 'u' }, ctx);
  same<typeof unit, UnitView>(true);
  const cadres = await rpc.request(ROSTER_REQUESTS.listCadres, { q: '张', limit: 10 }, ctx);
  same<typeof cadres, Page<CadreView>>(true);
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- a type test: read only as a type
  const { unknown } = await rpc.request(ROSTER_REQUESTS.unknownUnits, { ids: ['u'] }, ctx);
  same<typeof unknown, string[]>(true);
  await rpc.request(ROSTER_REQUESTS.listFields, {}, ctx);
  await rpc.request(APPRAISAL_REQUESTS.transition, { id: 'c', action: 'open' }, ctx, 1_000);
  const batch = await rpc.requestJson(REVIEW_GATEWAY_REQUESTS.castBallots, '{"ballots":[]}', ctx);
  same<typeof batch, RequestMap[typeof REVIEW_GATEWAY_REQUESTS.castBallots]['reply']>(true);

  // A wrong payload does not compile: a missing field, a field of the wrong type, an unknown field, a wrong union member.
  // @ts-expect-error the id is missing
  await rpc.request(ROSTER_REQUESTS.getUnit, {}, ctx);
  // @ts-expect-error ids are strings
  await rpc.request(ROSTER_REQUESTS.unknownUnits, { ids: [1] }, ctx);
  // @ts-expect-error no such field in the payload
  await rpc.request(ROSTER_REQUESTS.getCadre, { id: 'k', unitId: 'u' }, ctx);
  // @ts-expect-error `start` is no cycle action
  await rpc.request(APPRAISAL_REQUESTS.transition, { id: 'c', action: 'start' }, ctx);
  // @ts-expect-error a pattern that takes nothing takes nothing
  await rpc.request(ROSTER_REQUESTS.listFields, { id: 'f' }, ctx);
  // @ts-expect-error the payload of another pattern
  await rpc.request(CHECKLISTS_REQUESTS.taskList, { id: 'k' }, ctx);

  // Reading the reply as a wrong type does not compile.
  // @ts-expect-error a unit has no personnelNo
  void unit.personnelNo;
  // @ts-expect-error a page of cadres is no array
  const asArray: CadreView[] = cadres;
  void asArray;
  // @ts-expect-error the batch's results are replies, not numbers
  const counted: number[] = batch.results;
  void counted;
  // @ts-expect-error the type argument escape hatch is gone: the pattern decides the reply
  await rpc.request<{ anything: true }>(ROSTER_REQUESTS.getUnit, { id: 'u' }, ctx);

  // An unknown pattern does not compile, nor does a bare string.
  // @ts-expect-error no such pattern
  await rpc.request('roster.units.delete', { id: 'u' }, ctx);
  const somePattern: string = ROSTER_REQUESTS.getUnit;
  // @ts-expect-error a string is not a pattern
  await rpc.request(somePattern, { id: 'u' }, ctx);
  // @ts-expect-error nor for a serialized payload
  await rpc.requestJson('review.ballots.burn', '{}', ctx);
}

// Handlers: the method must take the pattern's payload and answer its reply.
export class Handlers {
  @MessagePattern(ROSTER_REQUESTS.getUnit)
  fits(@Payload() payload: { id: string }, @Caller() _ctx: RequestContext): Promise<UnitView> {
    return Promise.resolve({
      id: payload.id,
      code: 'c',
      name: 'n',
      kind: 'department',
      fieldId: null,
      createdAt: '',
      updatedAt: '',
    });
  }

  // A handler may take a wider payload, leave out the context, answer synchronously or answer more.
  @MessagePattern(ROSTER_REQUESTS.unknownUnits)
  wider(@Payload() _payload: unknown) {
    return { unknown: [], checked: 0 };
  }

  // @ts-expect-error the payload is `{ ids: string[] }`, not `{ id: string }`
  @MessagePattern(ROSTER_REQUESTS.unknownUnits)
  wrongPayload(@Payload() payload: { id: string }, @Caller() _ctx: RequestContext) {
    return { unknown: [payload.id] };
  }

  // @ts-expect-error the ids are strings
  @MessagePattern(ROSTER_REQUESTS.unknownUnits)
  wrongPayloadField(@Payload() payload: { ids: number[] }) {
    return { unknown: payload.ids.map(String) };
  }

  // @ts-expect-error the reply is `{ unknown: string[] }`
  @MessagePattern(ROSTER_REQUESTS.unknownUnits)
  wrongReply(@Payload() payload: { ids: string[] }) {
    return Promise.resolve({ missing: payload.ids });
  }

  // @ts-expect-error no such pattern
  @MessagePattern('roster.units.delete')
  unknownPattern(@Payload() payload: { id: string }) {
    return payload;
  }
}
