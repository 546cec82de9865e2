import { Body, Controller, Get, HttpCode, Param, PipeTransform, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { problem, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import { ServiceClient } from '@cadre/messaging';
import { Public } from '../auth/auth.decorators';
import { RecommendationBallotDto } from '../analytics/dto/analytics.dto';
import { ProblemException } from '../problems/problem.filter';
import { ANONYMOUS } from './ballot-relay';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** A malformed token is answered like an unknown one: 404, nothing to learn from the difference. */
class RecommendationTokenPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (TOKEN.test(value)) return value;
    throw new ProblemException(problem(404, '推荐票码无效或不存在'));
  }
}

/** 民主推荐 by the voter: the nominees of a token and its one ballot, without login. */
@ApiTags('review 双向考核与民主测评')
@Public()
@Controller('recommendation-ballots')
export class RecommendationBallotsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get(':token')
  @ApiOkResponse({
    description: '{ award: { id, name }, maxPicks, nominees: [{ id, name }] } · 404 unknown token · 409 used or ended',
  })
  form(@Param('token', new RecommendationTokenPipe()) token: string) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.recommendationForm, { token }, ANONYMOUS);
  }

  @Post(':token')
  @HttpCode(201)
  @ApiOkResponse({
    description:
      '201 { accepted: true, picks } · 404 unknown token · 409 used token or ended · 422 more than N picks, a pick twice or not a nominee',
  })
  cast(@Param('token', new RecommendationTokenPipe()) token: string, @Body() dto: RecommendationBallotDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.castRecommendation, { token, picks: dto.picks }, ANONYMOUS);
  }
}
