import http from 'node:http';
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';

/** A handler that answers a request itself, or hands it on (`next()`) to Express and Nest. */
export type FrontHandler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

/**
 * Nest's Express adapter with a front handler of the gateway's own on its HTTP server: the server's
 * one request listener gives each request to the front handler first (the ballot cast ingress), which
 * answers it or hands it to the Express application Nest configured — as Nest documents for serving
 * an Express instance from a server of one's own. Nothing of Express's or Nest's is replaced or searched.
 */
export class GatewayHttpAdapter extends ExpressAdapter {
  private front?: FrontHandler;

  /** Installs the front handler (once, before the server listens). */
  serveFirst(handler: FrontHandler): void {
    if (this.front) throw new Error('the gateway has its front handler already');
    this.front = handler;
  }

  override initHttpServer(options: Parameters<ExpressAdapter['initHttpServer']>[0]): void {
    // Connection tracking would follow the server made below only if set up after it: not used here.
    if (options?.forceCloseConnections) throw new Error('GatewayHttpAdapter: forceCloseConnections is not supported');
    super.initHttpServer(options);
    const express = this.getInstance() as (req: IncomingMessage, res: ServerResponse) => void;
    const listener = (req: IncomingMessage, res: ServerResponse) => {
      if (this.front) this.front(req, res, () => express(req, res));
      else express(req, res);
    };
    // The same server Nest made, with the listener above instead of the Express application itself.
    const server = options?.httpsOptions
      ? https.createServer(options.httpsOptions, listener)
      : http.createServer(listener);
    this.setHttpServer(server);
  }
}
