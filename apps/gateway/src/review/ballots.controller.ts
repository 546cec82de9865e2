import { randomBytes } from 'node:crypto';
import { Body, Controller, Get, HttpCode, Param, PipeTransform, Post, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { BallotFormView, problem, REVIEW_GATEWAY_REQUESTS } from '@cadre/contracts';
import { ServiceClient, RpcFailure } from '@cadre/messaging';
import { Public } from '../auth/auth.decorators';
import { ProblemException } from '../problems/problem.filter';
import { ballotErrorPage, ballotPage, ballotPageSecurity } from './ballot-page';
import { ANONYMOUS } from './ballot-relay';
import { BallotDto } from './dto/review.dto';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const NOT_FOUND = '投票码无效或不存在';

/** A malformed token is answered like an unknown one: 404, nothing to learn from the difference. */
class TokenPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (TOKEN.test(value)) return value;
    throw new ProblemException(problem(404, NOT_FOUND));
  }
}

const wantsHtml = (req: Request) => req.accepts(['application/json', 'text/html']) === 'text/html';

/** The voter's side of 民主测评: the ballot form and its one cast, without login. */
@ApiTags('review 双向考核与民主测评')
@Public()
@Controller('ballots')
export class BallotsController {
  constructor(private readonly rpc: ServiceClient) {}

  @Get(':token')
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description:
      'the form { campaign, targets: [{ id, name }], items, grades }, or with Accept: text/html the mobile ballot page',
  })
  async form(@Param('token') token: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const html = wantsHtml(req);
    const nonce = randomBytes(16).toString('base64');
    if (html) res.set(ballotPageSecurity(nonce));
    let form: BallotFormView;
    try {
      new TokenPipe().transform(token);
      form = await this.rpc.request(REVIEW_GATEWAY_REQUESTS.ballotForm, { token }, ANONYMOUS);
    } catch (err) {
      const answer = err instanceof RpcFailure || err instanceof ProblemException ? err.problem : null;
      if (!html || !answer) throw err;
      res.status(answer.status).type('html').send(ballotErrorPage(answer.detail, nonce));
      return;
    }
    if (html) res.type('html').send(ballotPage(form, nonce));
    else res.json(form);
  }

  /**
   * A well-formed cast is answered before Nest by the cast ingress (ballot-ingress.ts, batched); the rest
   * (a bad body, an Idempotency-Key …) here, with the same answers and under the same rate-limit key.
   */
  @Post(':token')
  @HttpCode(201)
  @ApiOkResponse({
    description:
      '201 { accepted: true, ratings } · 404 unknown token · 409 used token or cycle not open · 422 own unit or target outside the campaign',
  })
  cast(@Param('token', new TokenPipe()) token: string, @Body() dto: BallotDto) {
    return this.rpc.request(REVIEW_GATEWAY_REQUESTS.castBallot, { token, ratings: dto.ratings }, ANONYMOUS);
  }
}
