import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
  ValidationOptions,
  registerDecorator,
} from 'class-validator';
import {
  BALLOT_SHAPE,
  ballotShapeProblems,
  CAMPAIGN_DIRECTIONS,
  CAMPAIGN_SUBJECTS,
  GRADES,
  isBallotScoreMap,
  isStorableText,
} from '@cadre/contracts';
import type {
  BallotRatingInput,
  CampaignDirection,
  CampaignSubject,
  CampaignVoterInput,
  CastBallotInput,
  CreateCampaignInput,
  Grade,
  ReviewItemView,
  ReviewSettingsView,
  ReviewTemplateKey,
  TwoWayQuery,
  UpdateReviewTemplatesCommand,
} from '@cadre/contracts';
import { PageQueryDto } from '../../common/page-query.dto';
import { PROTOTYPE_KEYS } from '../../problems/prototype-keys';
import { acceptWithoutValidator } from '../../problems/validation.pipe';

/** Up to 20 entries, non-empty keys of ≤ 40 characters, finite numbers in [min, max] (or (min, max]). */
function isNumberMap(value: unknown, min: number, max: number, exclusiveMin = false): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const entries = Object.entries(value);
  return (
    entries.length <= 20 &&
    entries.every(
      ([k, v]) =>
        k.length > 0 &&
        k.length <= 40 &&
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (exclusiveMin ? v > min : v >= min) &&
        v <= max,
    )
  );
}

/** An object whose every value is a number in [min, max] and whose keys are code-like. */
function IsNumberMap(
  min: number,
  max: number,
  options?: ValidationOptions & { exclusiveMin?: boolean; check?: (value: unknown) => boolean },
) {
  const { check = (value: unknown) => isNumberMap(value, min, max, options?.exclusiveMin), ...validationOptions } =
    options ?? {};
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isNumberMap',
      target: object.constructor,
      propertyName,
      options: { message: `每一项必须是 ${min} 至 ${max} 的数`, ...validationOptions },
      validator: { validate: check },
    });
}

export class VoterDto implements CampaignVoterInput {
  @ApiProperty({ example: '张三' }) @IsString() @IsNotEmpty() @MaxLength(50) name: string;
  @ApiProperty({ format: 'uuid', description: 'the voter’s unit: they may not rate it or its cadres' })
  @IsUUID()
  unitId: string;
  @ApiProperty({ example: '群众代表', description: 'voter group, e.g. 班子成员 / 群众代表 / 镇街代表' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(30)
  group: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'the platform user, so reminders reach them' })
  @IsOptional()
  @IsUUID()
  userId?: string;
}

export class CampaignDto implements Omit<CreateCampaignInput, 'cycleId'> {
  @ApiProperty({
    enum: CAMPAIGN_DIRECTIONS,
    description: 'top_down 自上而下 · bottom_up 自下而上 (towns/streets/zones rate departments) · peer 互评',
  })
  @IsIn(CAMPAIGN_DIRECTIONS as unknown as string[])
  direction: CampaignDirection;
  @ApiProperty({
    enum: CAMPAIGN_SUBJECTS,
    description: 'cadre 干部 · unit 单位 · team 领导班子 as a whole (班子民主测评, the team template)',
  })
  @IsIn(CAMPAIGN_SUBJECTS as unknown as string[])
  subject: CampaignSubject;
  @ApiPropertyOptional({ example: '2026年上半年民主测评' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;
  @ApiPropertyOptional({
    enum: ['democratic', 'top_down', 'bottom_up'],
    description: 'item template; default democratic for cadres, by direction for units',
  })
  @IsOptional()
  @IsIn(['democratic', 'top_down', 'bottom_up'])
  template?: ReviewTemplateKey;
  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2_000)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  targetIds: string[];
  @ApiProperty({ type: [VoterDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => VoterDto)
  voters: VoterDto[];
  @ApiPropertyOptional({
    example: { 班子成员: 0.4, 群众代表: 0.6 },
    description: 'weight of each voter group in the score; without it every ballot counts the same',
  })
  @IsOptional()
  @IsObject()
  @IsNumberMap(0, 100, { exclusiveMin: true, message: '每组权重必须是大于 0 的数' })
  groupWeights?: Record<string, number>;
}

export class ItemDto implements ReviewItemView {
  @ApiProperty({ example: 'morality' })
  @Matches(/^[a-z][a-z0-9_]{0,39}$/, { message: 'key: 1–40 个小写字母、数字或 _，以字母开头' })
  key: string;
  @ApiProperty({ example: '德' }) @IsString() @IsNotEmpty() @MaxLength(20) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) description?: string;
}

export class TemplatesDto implements UpdateReviewTemplatesCommand {
  @ApiProperty({ type: [ItemDto], description: '民主测评 德能勤绩廉' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  democratic: ItemDto[];
  @ApiProperty({ type: [ItemDto], description: '自上而下评价' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  top_down: ItemDto[];
  @ApiProperty({ type: [ItemDto], description: '自下而上评价 工作作风、解决问题、服务保障、工作效率' })
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  bottom_up: ItemDto[];
  @ApiPropertyOptional({
    type: [ItemDto],
    description: '班子民主测评 政治建设、领导能力、工作实绩、团结协作、作风建设、党风廉政；省略则保持不变',
  })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  team?: ItemDto[];
}

export class RatingDto implements BallotRatingInput {
  @ApiProperty({ format: 'uuid' }) @IsUUID() targetId: string;
  @ApiProperty({
    enum: GRADES,
    description: '优秀 excellent · 称职 competent · 基本称职 basically_competent · 不称职 incompetent',
  })
  @IsIn(GRADES as unknown as string[])
  grade: Grade;
  @ApiPropertyOptional({ example: { morality: 92, ability: 88 }, description: 'item scores 0..100 by item key' })
  @IsOptional()
  @IsObject()
  @IsNumberMap(BALLOT_SHAPE.minScore, BALLOT_SHAPE.maxScore, { check: isBallotScoreMap })
  scores?: Record<string, number>;
  @ApiPropertyOptional({
    maxLength: BALLOT_SHAPE.maxOpinionLength,
    example: '窗口办事效率有提高，但审批材料仍要求重复提交',
    description:
      'written opinion on a rated unit (units only), ≤ 500 characters; shown only when the unit’s result is shown (minGroupSize), in no cast order and without time',
  })
  @IsOptional()
  @IsString()
  @MaxLength(BALLOT_SHAPE.maxOpinionLength)
  opinion?: string;
}

/** A ballot as the voter sends it; the token is in the path. Its limits are the contracts' (BALLOT_SHAPE). */
export class BallotDto implements Omit<CastBallotInput, 'token'> {
  @ApiProperty({ type: [RatingDto] })
  @IsArray()
  @ArrayMinSize(BALLOT_SHAPE.minRatings)
  @ArrayMaxSize(BALLOT_SHAPE.maxRatings)
  @ValidateNested({ each: true })
  @Type(() => RatingDto)
  ratings: RatingDto[];
}

export class ReviewSettingsDto implements ReviewSettingsView {
  @ApiProperty({
    minimum: 3,
    maximum: 20,
    example: 5,
    description:
      'anonymity threshold: no democratic result is shown for fewer ballots than this (a target, a voter group, the remainder hidden from a breakdown); default 5',
  })
  @IsInt()
  @Min(3)
  @Max(20)
  minGroupSize: number;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;

/**
 * A map key the validation pipe refuses before any DTO (NUL, lone surrogates, prototype keys): the
 * fast check must not accept what the pipe would refuse, as the public cast ingress
 * (ballot-ingress.ts) calls no pipe.
 */
const isPlainKey = (key: string) => isStorableText(key) && !PROTOTYPE_KEYS.has(key);

/**
 * The public cast route's fast check: the contracts' shape of a ballot (ballotShapeProblems, the rule
 * review checks again), in its plain form only — JSON objects, no `scores: null`, no key the pipe
 * refuses. A ballot that passes needs no class-validator; one that does not is validated by BallotDto,
 * which gives the usual 400 naming every bad field. Stricter than the DTO: a spec compares the two.
 */
export function isWellFormedBallot(body: unknown): boolean {
  if (!isPlainObject(body) || !Array.isArray(body.ratings)) return false;
  for (const r of body.ratings) {
    if (!isPlainObject(r)) return false;
    if (r.scores !== undefined && !(isPlainObject(r.scores) && Object.keys(r.scores).every(isPlainKey))) return false;
  }
  return ballotShapeProblems(body).length === 0;
}

acceptWithoutValidator(BallotDto, isWellFormedBallot);

export class TwoWayQueryDto extends PageQueryDto implements Omit<TwoWayQuery, 'cycleId'> {
  @ApiPropertyOptional({ format: 'uuid', description: '只看这个单位（其后四分之一与标记仍按全部单位计算）' })
  @IsOptional()
  @IsUUID('all')
  unitId?: string;
}
