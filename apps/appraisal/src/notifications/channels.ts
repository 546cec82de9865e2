import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';

/** What leaves the platform about a notification; no more than the in-app text. */
export interface OutgoingNotification {
  id: string;
  tenantId: string;
  kind: string;
  title: string;
  body: string;
  cycleId: string | null;
  recipient: { userId: string | null; cadreId: string | null };
  createdAt: string;
}

/** A way out of the platform for notifications. `deliver` throws on failure; the job retries. */
export interface DeliveryChannel {
  readonly name: 'webhook' | 'smtp';
  deliver(notification: OutgoingNotification): Promise<void>;
}

export interface WebhookSettings {
  url: string;
  secret: string;
  enabled: boolean;
}

export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  user?: string;
  password?: string;
  from: string;
  to: string[];
  enabled: boolean;
}

const WEBHOOK_TIMEOUT_MS = 10_000;

/** `sha256=<hex>` over `<timestamp>.<body>`: the receiver recomputes it with the shared secret and rejects old timestamps. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * POSTs the notification as JSON, signed with the tenant's secret. `X-Cadre-Delivery` is the
 * notification id: a receiver that sees it twice (a retry after a lost answer) can ignore it.
 */
export class WebhookChannel implements DeliveryChannel {
  readonly name = 'webhook' as const;
  constructor(private readonly settings: WebhookSettings) {}

  async deliver(notification: OutgoingNotification): Promise<void> {
    const body = JSON.stringify(notification);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const res = await fetch(this.settings.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-cadre-delivery': notification.id,
        'x-cadre-timestamp': timestamp,
        'x-cadre-signature': webhookSignature(this.settings.secret, timestamp, body),
      },
      body,
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}`);
  }
}

/** Mails the notification to the organization department's addresses (the platform holds no personal e-mail). */
export class SmtpChannel implements DeliveryChannel {
  readonly name = 'smtp' as const;
  constructor(private readonly settings: SmtpSettings) {}

  async deliver(notification: OutgoingNotification): Promise<void> {
    const transport = nodemailer.createTransport({
      host: this.settings.host,
      port: this.settings.port,
      secure: this.settings.secure,
      ...(this.settings.user ? { auth: { user: this.settings.user, pass: this.settings.password ?? '' } } : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    try {
      await transport.sendMail({
        from: this.settings.from,
        to: this.settings.to,
        subject: notification.title,
        text: `${notification.body}\n\n通知编号：${notification.id}`,
        headers: { 'X-Cadre-Delivery': notification.id },
      });
    } finally {
      transport.close();
    }
  }
}
