import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { config, DomainError, ErrorCode, logger } from '@service-desk/core';
import { simpleParser } from 'mailparser';
import {
  SMTPServer,
  type SMTPServerAddress,
  type SMTPServerDataStream,
  type SMTPServerSession,
} from 'smtp-server';
import { MailIntakeService } from './mail-intake.service.js';
import {
  intakeSlug,
  isAutomatic,
  isMailAddress,
  isRobotSender,
  parseSenderList,
  senderAllowed,
} from './mail-rules.js';

export interface InboundSmtpOptions {
  port: number;
  host: string;
  /** Intake addresses are `<store slug>@<domain>`. */
  domain: string;
  maxBytes: number;
  allow: string[];
  deny: string[];
}

/** An SMTP reply with its code; smtp-server sends `code message` to the client. */
function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/** Options from the configuration (INBOUND_* variables). */
export function inboundSmtpOptionsFromConfig(): InboundSmtpOptions {
  const c = config();
  return {
    port: c.INBOUND_SMTP_PORT ?? 0,
    host: c.INBOUND_SMTP_HOST,
    domain: c.INBOUND_MAIL_DOMAIN,
    maxBytes: c.INBOUND_MAIL_MAX_BYTES,
    allow: parseSenderList(c.INBOUND_SENDER_ALLOW),
    deny: parseSenderList(c.INBOUND_SENDER_DENY),
  };
}

/**
 * The intake's SMTP listener (smtp-server), meant to sit behind the organisation's MX. It refuses at the
 * earliest step: null senders (bounces) and bad or denied senders at MAIL FROM, any address but a store's
 * intake mailbox at RCPT TO (550), oversized mail by SIZE and while receiving (552); automatic mail
 * (Auto-Submitted, vacation replies, lists) after DATA. Every failure is an SMTP reply; an internal
 * error answers 451 so the sending server retries, and nothing throws out of the listener.
 */
@Injectable()
export class InboundSmtpServer {
  private server?: SMTPServer;

  constructor(private readonly intake: MailIntakeService) {}

  /** Starts listening; resolves with the bound port (0 in the options picks a free one). */
  async listen(options: InboundSmtpOptions = inboundSmtpOptionsFromConfig()): Promise<number> {
    const server = new SMTPServer({
      name: options.domain,
      banner: 'Service Desk complaint intake',
      size: options.maxBytes,
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onMailFrom: (address, _session, callback) => callback(this.checkSender(address, options)),
      onRcptTo: (address, session, callback) => {
        this.checkRecipient(address, session, options).then(
          () => callback(),
          (error: unknown) => callback(this.reply(error)),
        );
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session, options).then(
          () => callback(),
          (error: unknown) => callback(this.reply(error)),
        );
      },
    });
    server.on('error', (error) => logger().warn({ err: error }, 'inbound SMTP connection error'));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(options.port, options.host, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const port = (server.server.address() as AddressInfo).port;
    logger().info({ port, host: options.host, domain: options.domain }, 'inbound SMTP listening');
    return port;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private checkSender(address: SMTPServerAddress, options: InboundSmtpOptions): Error | null {
    if (!address.address) return smtpError(550, '5.7.1 Bounces (null sender) are not accepted here');
    if (!isMailAddress(address.address)) return smtpError(553, '5.1.7 Sender address is not valid');
    if (isRobotSender(address.address))
      return smtpError(550, '5.7.1 Automatic senders are not accepted here');
    if (!senderAllowed(address.address, options.allow, options.deny))
      return smtpError(550, '5.7.1 Sender not accepted');
    return null;
  }

  private async checkRecipient(
    address: SMTPServerAddress,
    session: SMTPServerSession,
    options: InboundSmtpOptions,
  ): Promise<void> {
    const slug = intakeSlug(address.address, options.domain);
    if (!slug || !(await this.intake.storeBySlug(slug))) throw smtpError(550, '5.1.1 No such intake mailbox');
    const tenants = new Set(session.envelope.rcptTo.map((rcpt) => intakeSlug(rcpt.address, options.domain)));
    if (tenants.size > 0 && !tenants.has(slug))
      throw smtpError(452, '4.5.3 One store per message; send again for this recipient');
  }

  private async receive(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    options: InboundSmtpOptions,
  ): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      // smtp-server stops passing data past the limit and flags it; keep nothing beyond it either.
      if (size <= options.maxBytes) chunks.push(chunk);
    }
    if (stream.sizeExceeded || size > options.maxBytes)
      throw smtpError(552, `5.3.4 Message larger than ${options.maxBytes} bytes`);
    const parsed = await simpleParser(Buffer.concat(chunks), {
      skipImageLinks: true,
      maxHtmlLengthToParse: options.maxBytes,
    });
    const header = (name: string) => {
      const value = parsed.headers.get(name);
      return value === undefined
        ? undefined
        : String(typeof value === 'object' && 'value' in value ? value.value : value);
    };
    if (isAutomatic(header)) throw smtpError(550, '5.7.1 Automatic replies are not accepted here');
    const from = parsed.from?.value[0];
    if (!from?.address || !isMailAddress(from.address))
      throw smtpError(550, '5.1.7 The From header has no valid address');
    if (isRobotSender(from.address) || !senderAllowed(from.address, options.allow, options.deny))
      throw smtpError(550, '5.7.1 Sender not accepted');
    const slug = intakeSlug(session.envelope.rcptTo[0]?.address ?? '', options.domain);
    const tenantId = slug ? await this.intake.storeBySlug(slug) : null;
    if (!tenantId) throw smtpError(550, '5.1.1 No such intake mailbox');
    const outcome = await this.intake.receive(tenantId, {
      messageId: parsed.messageId ?? null,
      fromAddress: from.address,
      fromName: from.name || null,
      subject: parsed.subject ?? '',
      text: parsed.text ?? '',
      sizeBytes: size,
    });
    logger().info(
      { tenantId, kind: outcome.kind, complaintId: outcome.complaintId, duplicate: outcome.duplicate },
      'inbound mail recorded',
    );
  }

  /** Bad input is the sender's problem (550), a flood waits (450); anything else is ours, and temporary (451). */
  private reply(error: unknown): Error {
    if (error instanceof Error && 'responseCode' in error) return error;
    if (error instanceof DomainError && error.code === ErrorCode.RATE_LIMITED)
      return smtpError(450, `4.7.1 ${error.message}`);
    if (error instanceof DomainError && error.code === ErrorCode.BAD_USER_INPUT)
      return smtpError(550, `5.6.0 ${error.message}`);
    logger().error({ err: error }, 'inbound mail failed');
    return smtpError(451, '4.3.0 Temporary failure, try again later');
  }
}
