import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { config } from '@service-desk/core';
import nodemailer, { type Transporter } from 'nodemailer';
import { MessageChannel } from './notification.enums.js';

export interface Deliverable {
  id: string;
  channel: MessageChannel;
  recipient: string;
  subject: string;
  body: string;
  /** The store's intake mailbox, so that the customer's reply (tracking code in the subject) comes back. */
  replyTo?: string | null;
}

const SEND_TIMEOUT_MS = 30_000;

/**
 * The two ways out: SMTP through nodemailer (`SMTP_URL`, `MAIL_FROM`) and an HTTP SMS gateway
 * (`SMS_GATEWAY_URL`, optional `SMS_GATEWAY_TOKEN` as a bearer token). A channel without its
 * variable is disabled. Settings are read on every send so a reloaded configuration takes effect.
 */
@Injectable()
export class MessageTransports implements OnApplicationShutdown {
  private readonly mailers = new Map<string, Transporter>();

  enabled(channel: MessageChannel): boolean {
    return Boolean(channel === MessageChannel.EMAIL ? config().SMTP_URL : config().SMS_GATEWAY_URL);
  }

  /** Sends one message; resolves with the provider's id, rejects with the reason it failed. */
  async send(message: Deliverable): Promise<string | null> {
    return message.channel === MessageChannel.EMAIL ? this.email(message) : this.sms(message);
  }

  private async email(message: Deliverable): Promise<string | null> {
    const info = await this.mailer().sendMail({
      from: config().MAIL_FROM,
      to: message.recipient,
      ...(message.replyTo ? { replyTo: message.replyTo } : {}),
      subject: message.subject,
      text: message.body,
      // Marks the mail as automatic (RFC 3834) so auto-responders, including our own intake, do not answer it.
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Service-Desk-Message': message.id },
    });
    return typeof info.messageId === 'string' ? info.messageId : null;
  }

  private async sms(message: Deliverable): Promise<string | null> {
    const { SMS_GATEWAY_URL, SMS_GATEWAY_TOKEN } = config();
    const response = await fetch(SMS_GATEWAY_URL!, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(SMS_GATEWAY_TOKEN ? { authorization: `Bearer ${SMS_GATEWAY_TOKEN}` } : {}),
      },
      body: JSON.stringify({ to: message.recipient, text: message.body, reference: message.id }),
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    const text = await response.text().catch(() => '');
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}: ${text.slice(0, 200)}`);
    try {
      const parsed = JSON.parse(text) as { id?: unknown };
      return typeof parsed.id === 'string' ? parsed.id : null;
    } catch {
      return null;
    }
  }

  private mailer(): Transporter {
    const url = config().SMTP_URL!;
    let mailer = this.mailers.get(url);
    if (!mailer) {
      mailer = nodemailer.createTransport(url, {
        connectionTimeout: SEND_TIMEOUT_MS,
        greetingTimeout: SEND_TIMEOUT_MS,
        socketTimeout: SEND_TIMEOUT_MS,
      } as object);
      this.mailers.set(url, mailer);
    }
    return mailer;
  }

  onApplicationShutdown(): void {
    for (const mailer of this.mailers.values()) mailer.close();
    this.mailers.clear();
  }
}
